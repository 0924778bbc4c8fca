/**
 * The few SVG pieces the chart is built from, and the text hygiene every string needs before it goes
 * into an SVG document: a title can come from a user, so it is cleaned and escaped here, once.
 */

const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Characters dropped from chart text: C0/C1 controls (not allowed in XML 1.0 even as `&#…;`,
 * https://www.w3.org/TR/xml/#charsets), U+FFFE/U+FFFF, lone surrogates, and bidi overrides/isolates,
 * which would let a title display reversed (CVE-2021-42574, https://www.unicode.org/reports/tr9/).
 */
const DROPPED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Line breaks and tabs become one space: chart labels are single lines. */
const BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** escapeXml replaces the five XML specials with entities (text content and attribute values). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITY[c]);
}

/**
 * cleanText makes any string safe to draw as one line: drops controls, bidi overrides and lone
 * surrogates, folds line breaks and runs of spaces, and cuts it to `maxChars` code points with "…".
 */
export function cleanText(text: string, maxChars: number): string {
  const flat = text.replace(BREAKS, ' ').replace(DROPPED, '').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= maxChars ? flat : `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
}

/** Attrs are SVG attributes; undefined values are left out. */
export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out += ` ${k}="${escapeXml(typeof v === 'number' ? num(v) : v)}"`;
  return out;
}

/** num writes a coordinate with at most one decimal (smaller SVG, same picture). */
export function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** el writes one element; `body` is markup already built (use `text` for strings). */
export function el(name: string, a: Attrs, body?: string): string {
  return body === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${body}</${name}>`;
}

/** text writes a `<text>` element; the string is cleaned (to `maxChars`) and escaped. */
export function text(x: number, y: number, s: string, a: Attrs = {}, maxChars = 120): string {
  return el('text', { x, y, ...a }, escapeXml(cleanText(s, maxChars)));
}

/** pathThrough writes a path through points, starting a new stroke at every `null` (a data gap). */
export function pathThrough(points: ReadonlyArray<readonly [number, number] | null>): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(p[0])} ${num(p[1])}`;
    pen = true;
  }
  return d;
}
