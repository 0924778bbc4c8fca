// The fake's own copy of Discord's limits (deliberately not imported from src/, so it checks them):
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits.
export const LIMIT = {
  content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024,
  footer: 2048, author: 256, total: 6000, nonce: 25,
  /** allowed_mentions: users and roles lists hold at most 100 ids each (https://discord.com/developers/docs/resources/message#allowed-mentions-object). */
  mentionIds: 100,
} as const;
/** MENTION_TYPES are the allowed_mentions.parse values (allowed-mentions-object-allowed-mention-types). */
const MENTION_TYPES = ['roles', 'users', 'everyone'];

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
  checkMentions(issues, body.allowed_mentions);
  if (opts.requireSomething && len(body.content) === 0 && embeds.length === 0 && !body.hasFiles) {
    issues.push({ path: ['content'], code: 'BASE_TYPE_REQUIRED', message: 'Cannot send an empty message' });
  }
  return issues;
}

/**
 * checkMentions applies the allowed_mentions rules Discord enforces with 50035: parse holds only roles/users/everyone;
 * "users" in parse and a users list are mutually exclusive (likewise roles); each list holds at most 100 ids
 * (https://discord.com/developers/docs/resources/message#allowed-mentions-object).
 */
function checkMentions(issues: FormIssue[], am: any): void {
  if (am === undefined || am === null) return;
  const parse: unknown[] = Array.isArray(am.parse) ? am.parse : [];
  parse.forEach((p, i) => {
    if (!MENTION_TYPES.includes(String(p))) issues.push({ path: ['allowed_mentions', 'parse', i], code: 'BASE_TYPE_CHOICES', message: `Value must be one of ('roles', 'users', 'everyone').` });
  });
  for (const kind of ['users', 'roles'] as const) {
    if (!Array.isArray(am[kind])) continue;
    if (parse.includes(kind) && am[kind].length > 0) issues.push({ path: ['allowed_mentions'], code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.` });
    if (am[kind].length > LIMIT.mentionIds) issues.push({ path: ['allowed_mentions', kind], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${LIMIT.mentionIds} or fewer in length.` });
  }
}

/** validateCommands moved to commands.ts (with localization rules); re-exported for existing importers. */
export { validateCommands } from './commands.js';
