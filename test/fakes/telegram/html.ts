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

/** HtmlResult is the text left after entity parsing, or the Telegram error description. */
export type HtmlResult = { ok: true; text: string } | { ok: false; error: string };

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

/** readAttributes parses ` name="value"` pairs up to the closing `>`; returns the index after it. */
function readAttributes(s: string, tag: string, start: number, i: number): number {
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
      if (name === 'expandable') continue;
      throw new HtmlError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(s, i)}`);
    }
    const quote = s[i + 1];
    if (quote !== '"' && quote !== "'") {
      throw new HtmlError(`Expected quoted value of the attribute "${name}" of the tag "${tag}" at byte offset ${byteOffset(s, i + 1)}`);
    }
    const end = s.indexOf(quote, i + 2);
    if (end < 0) throw new HtmlError(`Unclosed start tag at byte offset ${byteOffset(s, start)}`);
    decodeText(s, i + 2, end);
    i = end + 1;
  }
}

/** readTag handles the tag at `i` (start or end) against the open-tag stack; returns the index after it. */
function readTag(s: string, i: number, stack: string[]): number {
  if (s[i + 1] === '/') {
    const m = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(s.slice(i, i + 64));
    if (!m) throw new HtmlError(`Unclosed end tag at byte offset ${byteOffset(s, i)}`);
    const name = m[1].toLowerCase();
    const open = stack.pop();
    if (open === undefined) throw new HtmlError(`Unexpected end tag at byte offset ${byteOffset(s, i)}`);
    if (open !== name) {
      throw new HtmlError(`Unmatched end tag at byte offset ${byteOffset(s, i)}, expected "</${open}>", found "</${name}>"`);
    }
    return i + m[0].length;
  }
  const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(s.slice(i, i + 64))?.[1] ?? '';
  const tag = name.toLowerCase();
  if (!(tag in ALLOWED_TAGS)) throw new HtmlError(`Unsupported start tag "${name}" at byte offset ${byteOffset(s, i)}`);
  const after = readAttributes(s, tag, i, i + 1 + name.length);
  if (tag === 'a' && !/href\s*=/.test(s.slice(i, after))) {
    throw new HtmlError(`The tag "a" needs an href attribute at byte offset ${byteOffset(s, i)}`);
  }
  stack.push(tag);
  return after;
}

/** parseTelegramHtml validates Telegram HTML and returns the text left after entity parsing. */
export function parseTelegramHtml(s: string): HtmlResult {
  const stack: string[] = [];
  let text = '';
  try {
    for (let i = 0; i < s.length; ) {
      const c = s[i];
      if (c === '<') i = readTag(s, i, stack);
      else if (c === '&') {
        const e = decodeEntity(s, i);
        text += e.text;
        i += e.len;
      } else if (c === '>') {
        throw new HtmlError(`Character ">" must be escaped as "&gt;" at byte offset ${byteOffset(s, i)}`);
      } else {
        text += c;
        i++;
      }
    }
    if (stack.length > 0) throw new HtmlError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  } catch (err) {
    if (err instanceof HtmlError) return { ok: false, error: `Bad Request: can't parse entities: ${err.message}` };
    throw err;
  }
  return { ok: true, text };
}
