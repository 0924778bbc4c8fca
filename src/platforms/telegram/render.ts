import type { MessageBlock, RichMessage } from '../../chat/message.js';
import { cutIndex, utf16Length } from '../../i18n/utf16.js';

/** TELEGRAM_MAX_TEXT is the longest sendMessage text, counted after entity parsing (https://core.telegram.org/bots/api#sendmessage). */
export const TELEGRAM_MAX_TEXT = 4096;
/** TELEGRAM_MAX_CAPTION is the longest photo caption, counted after entity parsing (https://core.telegram.org/bots/api#sendphoto). */
export const TELEGRAM_MAX_CAPTION = 1024;
/** BULLET starts each list item. */
const BULLET = '• ';

/** TelegramChunk is one message worth of Telegram HTML, with its plain-text twin (the fallback) and visible length. */
export interface TelegramChunk {
  html: string;
  plain: string;
  /** Characters Telegram counts (UTF-16 units of the text after entity parsing). */
  length: number;
}

/** TelegramPhotoParts is a photo message: the caption under the photo, then the rest as text messages. */
export interface TelegramPhotoParts {
  caption: TelegramChunk;
  rest: TelegramChunk[];
}

/** Seg is a run of plain text, optionally bold or italic; a Line is the runs of one line of output. */
interface Seg {
  text: string;
  style?: 'b' | 'i';
}
type Line = Seg[];

/** escapeHtml escapes a plain value for Telegram HTML (text and attribute values alike). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** clean makes text safe to count and send: lone surrogates become U+FFFD, CR/CRLF become LF. */
function clean(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n?/g, '\n');
}

function lineLength(line: Line): number {
  return line.reduce((n, s) => n + utf16Length(s.text), 0);
}

function lineHtml(line: Line): string {
  return line.map((s) => (s.style ? `<${s.style}>${escapeHtml(s.text)}</${s.style}>` : escapeHtml(s.text))).join('');
}

/** styled turns a possibly multi-line value into lines, the style applied to every line. */
function styled(text: string, style?: 'b' | 'i'): Line[] {
  return clean(text).split('\n').map((t) => (t ? [{ text: t, style }] : []));
}

function blockLines(block: MessageBlock): Line[] {
  switch (block.type) {
    case 'text':
      return styled(block.text);
    case 'heading':
      return styled(block.text, 'b');
    case 'list':
      return block.items.flatMap((item) => {
        const [first = [], ...more] = styled(item);
        return [[{ text: BULLET }, ...first], ...more];
      });
    case 'fields':
      return block.fields.flatMap((f) => {
        const [first = [], ...more] = styled(f.value);
        return [[{ text: clean(f.name).replace(/\n/g, ' '), style: 'b' as const }, { text: ': ' }, ...first], ...more];
      });
  }
}

/** messageLines lays a RichMessage out as lines: title, blocks separated by a blank line (none after a heading), footer. */
function messageLines(msg: RichMessage): Line[] {
  const out: Line[] = [];
  const gap = () => {
    if (out.length > 0 && out[out.length - 1].length > 0) out.push([]);
  };
  if (msg.title.trim()) out.push(...styled(msg.title, 'b'));
  msg.blocks.forEach((block, i) => {
    if (i === 0 || msg.blocks[i - 1].type !== 'heading') gap();
    out.push(...blockLines(block));
  });
  if (msg.footer?.trim()) {
    gap();
    out.push(...styled(msg.footer, 'i'));
  }
  return out;
}

/**
 * cutPoint picks where to cut `text` to keep at most `room` UTF-16 units (what Telegram counts): after a line break,
 * a CJK or Latin sentence or clause end (。，；…) or a space near the end, never inside a grapheme (0: nothing fits).
 */
function cutPoint(text: string, room: number): number {
  return cutIndex(text, room);
}

/** firstGraphemeUnits is the length of the first code point (a lone emoji kept whole rather than split). */
function firstGraphemeUnits(text: string): number {
  return String.fromCodePoint(text.codePointAt(0) ?? 0x20).length;
}

/** cutLine splits one over-long line into pieces of at most `max` units (the first at most `first`); styles re-open on each piece. */
function cutLine(line: Line, max: number, first = max): Line[] {
  const pieces: Line[] = [];
  let cur: Line = [];
  let room = first > 0 ? first : max;
  for (const seg of line) {
    let text = seg.text;
    while (text.length > 0) {
      if (room === 0) {
        pieces.push(cur);
        cur = [];
        room = max;
      }
      const at = cutPoint(text, room) || (cur.length === 0 ? Math.min(text.length, firstGraphemeUnits(text)) : 0);
      if (at === 0) {
        room = 0;
        continue;
      }
      cur.push({ text: text.slice(0, at), style: seg.style });
      // Cut short (at a space or before a surrogate pair): this piece is done.
      room = at < Math.min(room, text.length) ? 0 : room - at;
      text = text.slice(at);
    }
  }
  if (cur.length > 0) pieces.push(cur);
  return pieces;
}

function toChunk(lines: Line[]): TelegramChunk {
  while (lines.length > 0 && lines[lines.length - 1].length === 0) lines.pop();
  return {
    html: lines.map(lineHtml).join('\n'),
    plain: lines.map((l) => l.map((s) => s.text).join('')).join('\n'),
    length: lines.reduce((n, l, i) => n + lineLength(l) + (i > 0 ? 1 : 0), 0),
  };
}

/** pack groups lines into chunks of at most `max` visible units, splitting only at line boundaries (or inside a too-long line). */
function pack(lines: Line[], max: number): TelegramChunk[] {
  const chunks: TelegramChunk[] = [];
  let cur: Line[] = [];
  let len = 0;
  const flush = () => {
    const chunk = toChunk(cur);
    if (chunk.length > 0) chunks.push(chunk);
    cur = [];
    len = 0;
  };
  for (const line of lines) {
    // An over-long line is cut anyway: its first piece fills what is left of the current message.
    const pieces = lineLength(line) > max ? cutLine(line, max, max - len - (cur.length > 0 ? 1 : 0)) : [line];
    for (const piece of pieces) {
      if (len + lineLength(piece) + (cur.length > 0 ? 1 : 0) > max) flush();
      if (cur.length === 0 && piece.length === 0) continue;
      len += lineLength(piece) + (cur.length > 0 ? 1 : 0);
      cur.push(piece);
    }
  }
  flush();
  return chunks;
}

/** EMPTY is sent for a message with nothing visible in it (Telegram refuses empty text). */
const EMPTY: TelegramChunk = { html: '\u2026', plain: '\u2026', length: 1 };

/** renderTelegram renders a RichMessage as Telegram HTML messages, each at most TELEGRAM_MAX_TEXT visible characters. */
export function renderTelegram(msg: RichMessage, max = TELEGRAM_MAX_TEXT): TelegramChunk[] {
  const chunks = pack(messageLines(msg), max);
  return chunks.length > 0 ? chunks : [EMPTY];
}

/**
 * renderTelegramPhoto lays a message with a chart out as a photo and text: the caption is the title and, when
 * both fit in TELEGRAM_MAX_CAPTION, the first paragraph; everything after (the footer included) follows as text
 * messages of at most TELEGRAM_MAX_TEXT. The cut never moves as later blocks grow, so an update edits the
 * same parts: the caption stays short and always fits, the text message takes what the message gained.
 */
export function renderTelegramPhoto(msg: RichMessage, maxCaption = TELEGRAM_MAX_CAPTION, maxText = TELEGRAM_MAX_TEXT): TelegramPhotoParts {
  const [first, ...others] = msg.blocks;
  const withLead = first?.type === 'text' ? messageLines({ title: msg.title, blocks: [first] }) : null;
  const lead = withLead && toChunk([...withLead]).length <= maxCaption ? withLead : null;
  const head = lead ?? messageLines({ title: msg.title, blocks: [] });
  const rest = messageLines({ title: '', blocks: lead ? others : msg.blocks, footer: msg.footer });
  if (toChunk([...head]).length <= maxCaption) return { caption: toChunk([...head]), rest: pack(rest, maxText) };
  const [cut, ...more] = head.flatMap((l) => (lineLength(l) > maxCaption ? cutLine(l, maxCaption) : [l]));
  return { caption: toChunk([cut]), rest: pack([...more, ...rest], maxText) };
}
