/**
 * A strict validator for Telegram's `parse_mode: 'HTML'` (https://core.telegram.org/bots/api#html-style):
 * only the documented tags, every `<` `>` `&` outside a tag escaped, named entities limited to
 * `&lt; &gt; &amp; &quot;`, numeric entities allowed, tags nested and closed, attribute values quoted.
 * It is a little stricter than Telegram (a bare `>` is refused), which is what a test fake wants.
 */

/** ALLOWED_TAGS maps each supported tag to the attributes it may carry. */
const ALLOWED_TAGS: Record<string, readonly string[]> = {
  b: [], strong: [], i: [], em: [], u: [], ins: [], s: [], strike: [], del: [],
  'tg-spoiler': [], span: ['class'], a: ['href'], code: ['class'], pre: [], blockquote: ['expandable'],
  'tg-emoji': ['emoji-id'],
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** HtmlEntity is one formatting entity, offsets and lengths in UTF-16 code units as the Bot API counts them. */
export interface HtmlEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

/** HtmlResult is the text left after entity parsing (and its entities), or the Telegram error description. */
export type HtmlResult = { ok: true; text: string; entities: HtmlEntity[] } | { ok: false; error: string };

/** ENTITY_TYPE names the MessageEntity type each tag produces (https://core.telegram.org/bots/api#messageentity). */
const ENTITY_TYPE: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline', s: 'strikethrough',
  strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler', a: 'text_link',
  code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-emoji': 'custom_emoji',
};

interface OpenTag {
  tag: string;
  start: number;
  attrs: Record<string, string>;
}

class HtmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HtmlError';
  }
}

function byteOffset(s: string, i: number): number {
  return Buffer.byteLength(s.slice(0, i), 'utf8');
}

/** decodeEntity reads the entity at `i` and returns its text and length. */
function decodeEntity(s: string, i: number): { text: string; len: number } {
  const m = /^&(#[0-9]{1,8}|#x[0-9a-fA-F]{1,7}|[a-zA-Z][a-zA-Z0-9]{0,31});/.exec(s.slice(i, i + 42));
  if (!m) throw new HtmlError(`Character "&" must be escaped as "&amp;" at byte offset ${byteOffset(s, i)}`);
  const body = m[1];
  if (body.startsWith('#')) {
    const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new HtmlError(`Invalid numeric entity "${m[0]}" at byte offset ${byteOffset(s, i)}`);
    }
    return { text: String.fromCodePoint(cp), len: m[0].length };
  }
  const named = NAMED[body];
  if (named === undefined) throw new HtmlError(`Unsupported HTML entity "${m[0]}" at byte offset ${byteOffset(s, i)}`);
  return { text: named, len: m[0].length };
}

/** decodeText decodes the entities of an attribute value (which must not hold a raw `<` or `&`). */
function decodeText(s: string, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; ) {
    if (s[i] === '&') {
      const e = decodeEntity(s, i);
      out += e.text;
      i += e.len;
    } else if (s[i] === '<') {
      throw new HtmlError(`Character "<" in an attribute value at byte offset ${byteOffset(s, i)}`);
    } else out += s[i++];
  }
  return out;
}

/** readAttributes parses ` name="value"` pairs up to the closing `>` into `attrs`; returns the index after it. */
function readAttributes(s: string, tag: string, start: number, i: number, attrs: Record<string, string>): number {
  const allowed = ALLOWED_TAGS[tag];
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) throw new HtmlError(`Unclosed start tag at byte offset ${byteOffset(s, start)}`);
    if (s[i] === '>') return i + 1;
    const name = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(s.slice(i, i + 64))?.[0];
    if (!name) throw new HtmlError(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(s, i)}`);
    if (!allowed.includes(name.toLowerCase())) {
      throw new HtmlError(`Unsupported attribute "${name}" in the tag "${tag}" at byte offset ${byteOffset(s, i)}`);
    }
    i += name.length;
    if (s[i] !== '=') {
      if (name === 'expandable') {
        attrs.expandable = '';
        continue;
      }
      throw new HtmlError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(s, i)}`);
    }
    const quote = s[i + 1];
    if (quote !== '"' && quote !== "'") {
      throw new HtmlError(`Expected quoted value of the attribute "${name}" of the tag "${tag}" at byte offset ${byteOffset(s, i + 1)}`);
    }
    const end = s.indexOf(quote, i + 2);
    if (end < 0) throw new HtmlError(`Unclosed start tag at byte offset ${byteOffset(s, start)}`);
    attrs[name.toLowerCase()] = decodeText(s, i + 2, end);
    i = end + 1;
  }
}

/** Parse is the running state: the visible text so far, the open tags, the entities closed so far. */
interface Parse {
  text: string;
  stack: OpenTag[];
  entities: HtmlEntity[];
}

/** entityOf turns a closed tag into its entity (null: empty, or a tag that only qualifies its parent). */
function entityOf(open: OpenTag, end: number, parent: OpenTag | undefined): HtmlEntity | null {
  const base = { offset: open.start, length: end - open.start };
  if (open.tag === 'code' && parent?.tag === 'pre') {
    const lang = /^language-(.+)$/.exec(open.attrs.class ?? '')?.[1];
    if (lang) parent.attrs.language = lang;
    return null;
  }
  if (base.length === 0) return null;
  if (open.tag === 'span') return open.attrs.class === 'tg-spoiler' ? { type: 'spoiler', ...base } : null;
  if (open.tag === 'a') return { type: 'text_link', ...base, url: open.attrs.href };
  if (open.tag === 'pre') return { type: 'pre', ...base, ...(open.attrs.language ? { language: open.attrs.language } : {}) };
  if (open.tag === 'blockquote') return { type: 'expandable' in open.attrs ? 'expandable_blockquote' : 'blockquote', ...base };
  return { type: ENTITY_TYPE[open.tag], ...base };
}

/** readTag handles the tag at `i` (start or end) against the open-tag stack; returns the index after it. */
function readTag(s: string, i: number, p: Parse): number {
  if (s[i + 1] === '/') {
    const m = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(s.slice(i, i + 64));
    if (!m) throw new HtmlError(`Unclosed end tag at byte offset ${byteOffset(s, i)}`);
    const name = m[1].toLowerCase();
    const open = p.stack.pop();
    if (open === undefined) throw new HtmlError(`Unexpected end tag at byte offset ${byteOffset(s, i)}`);
    if (open.tag !== name) {
      throw new HtmlError(`Unmatched end tag at byte offset ${byteOffset(s, i)}, expected "</${open.tag}>", found "</${name}>"`);
    }
    const entity = entityOf(open, p.text.length, p.stack[p.stack.length - 1]);
    if (entity) p.entities.push(entity);
    return i + m[0].length;
  }
  const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(s.slice(i, i + 64))?.[1] ?? '';
  const tag = name.toLowerCase();
  if (!(tag in ALLOWED_TAGS)) throw new HtmlError(`Unsupported start tag "${name}" at byte offset ${byteOffset(s, i)}`);
  const attrs: Record<string, string> = {};
  const after = readAttributes(s, tag, i, i + 1 + name.length, attrs);
  if (tag === 'a' && attrs.href === undefined) {
    throw new HtmlError(`The tag "a" needs an href attribute at byte offset ${byteOffset(s, i)}`);
  }
  p.stack.push({ tag, start: p.text.length, attrs });
  return after;
}

/** byPosition orders entities as the Bot API lists them: by offset, the longer (outer) one first. */
function byPosition(a: HtmlEntity, b: HtmlEntity): number {
  return a.offset - b.offset || b.length - a.length || a.type.localeCompare(b.type);
}

/**
 * parseTelegramHtml validates Telegram HTML and returns the text left after entity parsing and its entities.
 * Entities that break the nesting rules are kept as given: Telegram drops or splits them without an error
 * (https://core.telegram.org/bots/api#formatting-options), so the fake must not refuse them either.
 */
export function parseTelegramHtml(s: string): HtmlResult {
  const p: Parse = { text: '', stack: [], entities: [] };
  try {
    for (let i = 0; i < s.length; ) {
      const c = s[i];
      if (c === '<') i = readTag(s, i, p);
      else if (c === '&') {
        const e = decodeEntity(s, i);
        p.text += e.text;
        i += e.len;
      } else if (c === '>') {
        throw new HtmlError(`Character ">" must be escaped as "&gt;" at byte offset ${byteOffset(s, i)}`);
      } else {
        p.text += c;
        i++;
      }
    }
    if (p.stack.length > 0) throw new HtmlError(`Can't find end tag corresponding to start tag "${p.stack[p.stack.length - 1].tag}"`);
  } catch (err) {
    if (err instanceof HtmlError) return { ok: false, error: `Bad Request: can't parse entities: ${err.message}` };
    throw err;
  }
  return { ok: true, text: p.text, entities: p.entities.sort(byPosition) };
}
