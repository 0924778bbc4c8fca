/**
 * Text measured and split the way Telegram counts it: in UTF-16 code units of the text after entity parsing
 * (https://core.telegram.org/bots/api#sendmessage: "1-4096 characters after entities parsing"; Telegram's
 * entity offsets are in UTF-16 code units, https://core.telegram.org/api/entities#entity-length). A Chinese
 * character is one unit, most emoji two, a family emoji eleven: limits must be checked in units, not characters.
 */

/** utf16Length is the number of UTF-16 code units of `text` (what Telegram counts; a lone surrogate counts one). */
export function utf16Length(text: string): number {
  return text.length; // JavaScript strings are UTF-16: .length is exactly the code-unit count
}

const ENTITY = /&(?:lt|gt|amp|quot|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi;
const NAMED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' };

/** telegramVisible is the text Telegram counts for an HTML message: tags removed, the four named and numeric entities decoded. */
export function telegramVisible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(ENTITY, (m, dec: string | undefined, hex: string | undefined) => {
    if (dec === undefined && hex === undefined) return NAMED[m.toLowerCase()];
    const cp = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** telegramLength is how long Telegram considers an HTML message or caption, in UTF-16 units. */
export function telegramLength(html: string): number {
  return utf16Length(telegramVisible(html));
}

/** Where a cut reads best, best first: a line break, the end of a sentence or clause (CJK or Latin), a space. */
const BREAKS: readonly RegExp[] = [/\n/, /[。！？!?]|\.(?=\s)/, /[；;，,、：:]/, /\s/];

const SEGMENTER = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** graphemes splits text into user-perceived characters, so no cut ever falls inside an emoji sequence or a surrogate pair. */
function graphemes(text: string): string[] {
  return Array.from(SEGMENTER.segment(text), (s) => s.segment);
}

/** bestCut picks how many graphemes of `g` to keep: after the last good break in the back half, else all of them. */
function bestCut(g: readonly string[]): number {
  for (const re of BREAKS) {
    for (let i = g.length - 1; i >= Math.ceil(g.length / 2); i--) if (re.test(g[i])) return i + 1;
  }
  return g.length;
}

/**
 * cutIndex is where to cut `text` so the first piece has at most `room` UTF-16 units: after the best break in the
 * back half of what fits (a line break, 。！？, ；，、：, a space; see BREAKS), else as much as fits, never inside a
 * grapheme. It returns the piece's length in units: `text.length` when all of it fits, 0 when not even its first
 * grapheme does.
 */
export function cutIndex(text: string, room: number): number {
  if (utf16Length(text) <= room) return text.length;
  const fits: string[] = [];
  let units = 0;
  for (const g of graphemes(text)) {
    if (units + g.length > room) break;
    fits.push(g);
    units += g.length;
  }
  return fits.slice(0, bestCut(fits)).reduce((n, g) => n + g.length, 0);
}

/** truncateUtf16 shortens text to at most `max` UTF-16 units, ending in "…" when cut (never inside a grapheme). */
export function truncateUtf16(text: string, max: number): string {
  if (utf16Length(text) <= max) return text;
  const fits: string[] = [];
  let units = 1; // the ellipsis
  for (const g of graphemes(text)) {
    if (units + g.length > max) break;
    fits.push(g);
    units += g.length;
  }
  return `${fits.join('')}\u2026`;
}

/**
 * splitUtf16 cuts text into pieces of at most `max` UTF-16 units (Telegram: 4,096 for a message, 1,024 for
 * a caption), preferring line breaks, then sentence and clause ends (。，；), then spaces, and never
 * splitting a grapheme. Joining the pieces gives the text back. A single grapheme longer than `max` is kept whole.
 */
export function splitUtf16(text: string, max: number): string[] {
  if (!(max >= 1)) throw new RangeError(`splitUtf16: max must be at least 1 (got ${max})`);
  if (utf16Length(text) <= max) return [text];
  const out: string[] = [];
  let cur: string[] = [];
  let units = 0;
  for (const g of graphemes(text)) {
    while (units + g.length > max && cur.length > 0) {
      const keep = bestCut(cur);
      out.push(cur.slice(0, keep).join(''));
      cur = cur.slice(keep);
      units = cur.reduce((n, s) => n + s.length, 0);
    }
    cur.push(g);
    units += g.length;
  }
  if (cur.length > 0) out.push(cur.join(''));
  return out;
}
