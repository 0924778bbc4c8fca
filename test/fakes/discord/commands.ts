import type { FormIssue } from './validate.js';

/**
 * Discord's locales (https://discord.com/developers/docs/reference#locales): the only keys name_localizations and
 * description_localizations accept. Any other key is refused with BASE_TYPE_CHOICES "Value must be one of (…)"
 * (the error body quoted in kordlib/kord#594).
 */
export const DISCORD_LOCALES = [
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro', 'fi', 'sv-SE',
  'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
] as const;

/** Application command limits (https://discord.com/developers/docs/interactions/application-commands#application-command-object). */
export const COMMAND_LIMIT = {
  commands: 100, options: 25, choices: 25, nameMax: 32, descriptionMax: 100, choiceNameMax: 100,
  /** "^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$", lower case where a letter has a lower-case form (application-command-naming). */
  name: /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u,
} as const;

type Path = FormIssue['path'];

/** validName: the naming regex, and no letter that has a lower-case form may be upper case. */
function validName(v: unknown): boolean {
  return typeof v === 'string' && COMMAND_LIMIT.name.test(v) && v === v.toLowerCase();
}

function text(issues: FormIssue[], path: Path, v: unknown, max: number, required: boolean): void {
  const len = typeof v === 'string' ? v.trim().length : 0;
  if (v !== undefined && v !== null && typeof v !== 'string') issues.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
  else if (required && len === 0) issues.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  else if (len > max) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

/**
 * localizations checks a name_localizations / description_localizations map: known locale keys only; each localized
 * name follows the naming rule (a bad one is reported on the whole map as APPLICATION_COMMAND_INVALID_NAME, as in
 * discord/discord-api-docs#7712) and is 1–32 long (BASE_TYPE_BAD_LENGTH per locale, discord-tickets/bot#383);
 * each localized description is 1–100.
 */
function localizations(issues: FormIssue[], path: Path, map: unknown, kind: 'name' | 'description'): void {
  if (map === undefined || map === null) return;
  if (typeof map !== 'object' || Array.isArray(map)) return void issues.push({ path, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
  const allowed = `Value must be one of (${DISCORD_LOCALES.map((l) => `'${l}'`).join(', ')}).`;
  let badName = false;
  for (const [locale, value] of Object.entries(map)) {
    if (!(DISCORD_LOCALES as readonly string[]).includes(locale)) {
      issues.push({ path: [...path, locale], code: 'BASE_TYPE_CHOICES', message: allowed });
      continue;
    }
    const max = kind === 'name' ? COMMAND_LIMIT.nameMax : COMMAND_LIMIT.descriptionMax;
    const len = typeof value === 'string' ? value.length : 0;
    if (len < 1 || len > max) issues.push({ path: [...path, locale], code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${max} in length.` });
    else if (kind === 'name' && !validName(value)) badName = true;
  }
  if (badName) issues.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
}

/** named checks what commands and options share: name, description and their localizations. */
function named(issues: FormIssue[], at: Path, c: any): void {
  if (!validName(c?.name)) issues.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  text(issues, [...at, 'description'], c?.description, COMMAND_LIMIT.descriptionMax, true);
  localizations(issues, [...at, 'name_localizations'], c?.name_localizations, 'name');
  localizations(issues, [...at, 'description_localizations'], c?.description_localizations, 'description');
}

function checkOption(issues: FormIssue[], o: any, at: Path, sawOptional: { v: boolean }): void {
  named(issues, at, o);
  if (!(Number.isInteger(o?.type) && o.type >= 1 && o.type <= 11)) issues.push({ path: [...at, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.' });
  if (o?.type === 1 || o?.type === 2) {
    const inner = { v: false };
    (Array.isArray(o.options) ? o.options : []).forEach((x: any, j: number) => checkOption(issues, x, [...at, 'options', j], inner));
  }
  if (o?.required && sawOptional.v) issues.push({ path: [...at, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
  if (!o?.required) sawOptional.v = true;
  const choices: any[] = Array.isArray(o?.choices) ? o.choices : [];
  if (choices.length > COMMAND_LIMIT.choices) issues.push({ path: [...at, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${COMMAND_LIMIT.choices} or fewer in length.` });
  choices.forEach((c, k) => {
    text(issues, [...at, 'choices', k, 'name'], c?.name, COMMAND_LIMIT.choiceNameMax, true);
    localizations(issues, [...at, 'choices', k, 'name_localizations'], c?.name_localizations, 'description');
    const okType = o.type === 3 ? typeof c?.value === 'string' : typeof c?.value === 'number' && (o.type !== 4 || Number.isInteger(c.value));
    if (!okType) issues.push({ path: [...at, 'choices', k, 'value'], code: 'BASE_TYPE_CHOICES', message: 'Value does not match the option type' });
  });
}

/** validateCommands lists what Discord refuses in a bulk-overwrite body (names, descriptions, localizations, options, duplicates). */
export function validateCommands(body: unknown): FormIssue[] {
  if (!Array.isArray(body)) return [{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const issues: FormIssue[] = [];
  if (body.length > COMMAND_LIMIT.commands) issues.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${COMMAND_LIMIT.commands} or fewer in length.` });
  const names = new Set<string>();
  body.forEach((c: any, i) => {
    named(issues, [i], c);
    if (names.has(c?.name)) issues.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
    names.add(c?.name);
    const opts: any[] = Array.isArray(c?.options) ? c.options : [];
    if (opts.length > COMMAND_LIMIT.options) issues.push({ path: [i, 'options'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${COMMAND_LIMIT.options} or fewer in length.` });
    const sawOptional = { v: false };
    opts.forEach((o, j) => checkOption(issues, o, [i, 'options', j], sawOptional));
    const perms = c?.default_member_permissions;
    if (perms !== undefined && perms !== null && !/^\d+$/.test(String(perms))) issues.push({ path: [i, 'default_member_permissions'], code: 'BASE_TYPE_BAD_INT', message: 'Value is not a valid permission bitfield' });
  });
  return issues;
}

/** withoutLocalizations is a command as GET returns it without `with_localizations=true` (the dictionaries left out). */
export function withoutLocalizations<T>(c: T): T {
  if (Array.isArray(c)) return c.map((x) => withoutLocalizations(x)) as T;
  if (!c || typeof c !== 'object') return c;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (k !== 'name_localizations' && k !== 'description_localizations') out[k] = withoutLocalizations(v);
  return out as T;
}
