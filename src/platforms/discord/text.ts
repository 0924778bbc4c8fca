/** ZWSP is the zero-width space discord.js' own `cleanContent` puts after `@` to break a mention. */
const ZWSP = '\u200b';
/** Bidi embedding, override and isolate controls: they reorder what readers see (CVE-2021-42574, "Trojan Source"). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** `@everyone` and `@here` ping a whole server when parsed (https://discord.com/developers/docs/reference#message-formatting). */
const MASS_MENTION = /@(everyone|here)/gi;
/** User `<@id>`/`<@!id>`, role `<@&id>` and channel `<#id>` mentions, and slash-command mentions `</name:id>`. */
const TAG_MENTION = /<(@[!&]?|#|\/)/g;
/** Markdown specials anywhere in a line (bold, italics, underline, strike, code, spoiler, masked links). */
const INLINE_MARKDOWN = /[\\*_~`|[\]]/g;
/** Markdown that only counts at the start of a line and before a space: headings, subtext, quotes, lists ("-3.2%" stays). */
const LINE_MARKDOWN = /^(\s*)([#>+-])(?=[\s#>])/gm;
/** A numbered list item ("1. "; "12.5" stays): escaping the dot keeps the number. */
const LINE_NUMBERED = /^(\s*\d+)\.(?=\s)/gm;

/**
 * neutralise makes user-copied text unable to ping or to spoof: a zero-width space after `@` in
 * `@everyone`/`@here` and inside `<@…>`, `<@&…>`, `<#…>`, `</…>`, and no bidi controls. Messages also carry
 * `allowed_mentions: {parse: []}`; this is the second lock, for text that is copied elsewhere.
 */
export function neutralise(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(MASS_MENTION, `@${ZWSP}$1`)
    .replace(TAG_MENTION, `<$1${ZWSP}`);
}

/** escapeMarkdown makes plain text render literally in Discord markdown (descriptions, field values, titles). */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE_MARKDOWN, '\\$&').replace(LINE_MARKDOWN, '$1\\$2').replace(LINE_NUMBERED, '$1\\.');
}

/** plainToMarkdown is the one path plain text takes into a markdown field: neutralised, then escaped. */
export function plainToMarkdown(text: string): string {
  return escapeMarkdown(neutralise(text));
}

/**
 * truncate cuts text to at most `max` UTF-16 units, ending in `…` when cut. It never splits a surrogate
 * pair and never leaves a dangling escape backslash (which would escape the ellipsis).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  let slashes = 0;
  while (cut - 1 - slashes >= 0 && text[cut - 1 - slashes] === '\\') slashes += 1;
  if (slashes % 2 === 1) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** nonBlank returns the text, or an em dash when Discord would see it as empty after trimming. */
export function nonBlank(text: string): string {
  return text.trim().length > 0 ? text : '—';
}
