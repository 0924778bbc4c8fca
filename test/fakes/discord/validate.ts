// The fake's own copy of Discord's limits (deliberately not imported from src/, so it checks them):
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits and
// https://discord.com/developers/docs/interactions/application-commands#application-command-object.
const LIMIT = {
  content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024,
  footer: 2048, author: 256, total: 6000, nonce: 25,
  commands: 100, commandName: /^[-_a-z0-9]{1,32}$/, commandDescription: 100, options: 25, choices: 25, choiceName: 100,
} as const;

/** FormIssue is one problem at a JSON path, as Discord lists it under `errors`. */
export interface FormIssue {
  path: Array<string | number>;
  code: string;
  message: string;
}

/** formErrorBody builds Discord's 400 body for code 50035 with its nested `errors` tree. */
export function formErrorBody(issues: FormIssue[]) {
  const errors: Record<string, any> = {};
  for (const i of issues) {
    let node = errors;
    for (const k of i.path) node = node[String(k)] ??= {};
    (node._errors ??= []).push({ code: i.code, message: i.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}

/** Discord trims strings before counting; the fake counts UTF-16 units (the stricter reading). */
function len(v: unknown): number {
  return typeof v === 'string' ? v.trim().length : 0;
}

function maxLen(issues: FormIssue[], path: FormIssue['path'], v: unknown, max: number): void {
  if (v !== undefined && v !== null && typeof v !== 'string') issues.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
  else if (len(v) > max) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

function required(issues: FormIssue[], path: FormIssue['path'], v: unknown): void {
  if (len(v) === 0) issues.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
}

function checkEmbed(issues: FormIssue[], e: any, i: number): number {
  const at = (...p: Array<string | number>) => ['embeds', i, ...p];
  maxLen(issues, at('title'), e.title, LIMIT.title);
  maxLen(issues, at('description'), e.description, LIMIT.description);
  maxLen(issues, at('footer', 'text'), e.footer?.text, LIMIT.footer);
  maxLen(issues, at('author', 'name'), e.author?.name, LIMIT.author);
  if (e.footer) required(issues, at('footer', 'text'), e.footer.text);
  const fields: any[] = Array.isArray(e.fields) ? e.fields : [];
  if (fields.length > LIMIT.fields) issues.push({ path: at('fields'), code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.fields} or fewer in length.` });
  let total = len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  fields.forEach((f, j) => {
    required(issues, at('fields', j, 'name'), f?.name);
    required(issues, at('fields', j, 'value'), f?.value);
    maxLen(issues, at('fields', j, 'name'), f?.name, LIMIT.fieldName);
    maxLen(issues, at('fields', j, 'value'), f?.value, LIMIT.fieldValue);
    total += len(f?.name) + len(f?.value);
  });
  return total;
}

/** validateMessage lists every limit a Create/Edit Message body breaks (content, embeds, 6,000 total, nonce). */
export function validateMessage(body: any, opts: { requireSomething: boolean }): FormIssue[] {
  const issues: FormIssue[] = [];
  maxLen(issues, ['content'], body.content, LIMIT.content);
  const embeds: any[] = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > LIMIT.embeds) issues.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.embeds} or fewer in length.` });
  const total = embeds.reduce((sum, e, i) => sum + checkEmbed(issues, e ?? {}, i), 0);
  if (total > LIMIT.total) issues.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${LIMIT.total}` });
  const n = body.nonce;
  if (n !== undefined && !(typeof n === 'string' ? n.length <= LIMIT.nonce : Number.isInteger(n))) {
    issues.push({ path: ['nonce'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.nonce} or fewer in length.` });
  }
  if (opts.requireSomething && len(body.content) === 0 && embeds.length === 0 && !body.hasFiles) {
    issues.push({ path: ['content'], code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' });
  }
  return issues;
}

function checkOption(issues: FormIssue[], o: any, at: Array<string | number>, sawOptional: { v: boolean }): void {
  if (!LIMIT.commandName.test(String(o?.name))) issues.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  required(issues, [...at, 'description'], o?.description);
  maxLen(issues, [...at, 'description'], o?.description, LIMIT.commandDescription);
  if (![3, 4, 10].includes(o?.type)) issues.push({ path: [...at, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {3, 4, 10}.' });
  if (o?.required && sawOptional.v) issues.push({ path: [...at, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
  if (!o?.required) sawOptional.v = true;
  const choices: any[] = Array.isArray(o?.choices) ? o.choices : [];
  if (choices.length > LIMIT.choices) issues.push({ path: [...at, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.choices} or fewer in length.` });
  choices.forEach((c, k) => {
    maxLen(issues, [...at, 'choices', k, 'name'], c?.name, LIMIT.choiceName);
    const okType = o.type === 3 ? typeof c?.value === 'string' : typeof c?.value === 'number' && (o.type !== 4 || Number.isInteger(c.value));
    if (!okType) issues.push({ path: [...at, 'choices', k, 'value'], code: 'BASE_TYPE_CHOICES', message: 'Value does not match the option type' });
  });
}

/** validateCommands lists what Discord would refuse in a bulk-overwrite body (names, descriptions, options, duplicates). */
export function validateCommands(body: unknown): FormIssue[] {
  if (!Array.isArray(body)) return [{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const issues: FormIssue[] = [];
  if (body.length > LIMIT.commands) issues.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.commands} or fewer in length.` });
  const names = new Set<string>();
  body.forEach((c: any, i) => {
    if (!LIMIT.commandName.test(String(c?.name))) issues.push({ path: [i, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    if (names.has(c?.name)) issues.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    names.add(c?.name);
    required(issues, [i, 'description'], c?.description);
    maxLen(issues, [i, 'description'], c?.description, LIMIT.commandDescription);
    const opts: any[] = Array.isArray(c?.options) ? c.options : [];
    if (opts.length > LIMIT.options) issues.push({ path: [i, 'options'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.options} or fewer in length.` });
    const sawOptional = { v: false };
    opts.forEach((o, j) => checkOption(issues, o, [i, 'options', j], sawOptional));
    const perms = c?.default_member_permissions;
    if (perms !== undefined && perms !== null && !/^\d+$/.test(String(perms))) issues.push({ path: [i, 'default_member_permissions'], code: 'BASE_TYPE_BAD_INT', message: 'Value is not a valid permission bitfield' });
  });
  return issues;
}
