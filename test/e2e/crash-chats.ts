/**
 * The crash day's chats with mixed settings, what each should see (an oracle written apart from src/lifecycle),
 * and what each did see, read back from the fake servers' screens (Telegram inbox, Discord view).
 */

import type { AlertEvent } from '../../src/alerts/types.js';
import type { ChatSettings, Mute } from '../../src/store/settings.js';
import type { FakeDiscord } from '../fakes/discord/server.js';
import type { FakeTelegram } from '../fakes/telegram/server.js';

/** hhmm writes a wall time as "HH:MM" UTC. */
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const FOREVER = Date.UTC(2099, 0, 1);

/** MIX is the ten kinds of chats, by chat number modulo 10, with a label for the table. */
export function settingsFor(i: number, wall: number): { label: string; s: Partial<ChatSettings> } {
  const mute = (m: Omit<Mute, 'until'>): Mute[] => [{ until: FOREVER, ...m }];
  switch (i % 10) {
    case 1: return { label: 'BTC only', s: { assets: ['BTC'] } };
    case 2: return { label: 'ETH,SOL', s: { assets: ['ETH', 'SOL'] } };
    case 3: return { label: 'critical', s: { minSeverity: 'critical' } };
    case 4: return { label: 'info+', s: { minSeverity: 'info' } };
    case 5: return { label: 'mute pct_move', s: { mutes: mute({ kind: 'pct_move' }) } };
    case 6: return { label: 'mute SOL', s: { mutes: mute({ asset: 'SOL' }) } };
    case 7: return { label: 'level BTC 86,500', s: { levels: { BTC: [86_500] } } };
    case 8: return { label: 'quiet hours', s: { quietHours: { start: hhmm(wall - 3_600_000), end: hhmm(wall + 3 * 3_600_000) }, timezone: 'UTC' } };
    case 9: return { label: 'BTC, level ETH 2,850', s: { assets: ['BTC'], levels: { ETH: [2_850] }, mutes: mute({ kind: 'large_liquidation' }) } };
    default: return { label: 'defaults', s: {} };
  }
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/** wants is the oracle: would a chat with these settings have this alert, alone or in its cascade message? */
export function wants(a: AlertEvent, s: ChatSettings): boolean {
  if (RANK[a.severity] < RANK[s.minSeverity]) return false;
  if (a.symbol && s.assets && !s.assets.includes(a.symbol)) return false;
  if (a.data.custom === true && !(s.levels[a.symbol ?? ''] ?? []).includes(a.data.level as number)) return false;
  return !s.mutes.some((m) => (m.kind === undefined && m.asset === undefined) || m.kind === a.kind || (m.asset !== undefined && m.asset === a.symbol));
}

/** Seen is what one chat shows: alerts posted on their own, listed as a cascade's triggers, folded in since, or in a digest. */
export interface Seen {
  own: string[];
  triggers: string[];
  folded: string[];
  digest: string[];
}

const ICON = /^(⚠️|🚨|ℹ️) /;
const ITEM = /^• (?:\d\d:\d\d )?/;

/** readLines sorts one message's lines (title, headings, bullets) into `seen`. */
function readLines(lines: readonly string[], seen: Seen): void {
  let section: keyof Seen | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (ICON.test(line)) {
      seen.own.push(line.replace(ICON, ''));
      section = null;
    } else if (/^While you were in quiet hours/.test(line)) section = 'digest';
    else if (line === 'What set it off') section = 'triggers';
    else if (line === 'Since then') section = 'folded';
    else if (ITEM.test(line) && section) seen[section].push(line.replace(ITEM, ''));
  }
}

/** seenOnTelegram reads what a Telegram chat shows now (each message as last edited). */
export function seenOnTelegram(fake: FakeTelegram, chatId: string): Seen {
  const seen: Seen = { own: [], triggers: [], folded: [], digest: [] };
  for (const m of fake.inbox(chatId)) readLines(m.shown.split('\n'), seen);
  return seen;
}

/** seenOnDiscord reads what a Discord channel shows now: embed titles and descriptions, markdown undone. */
export function seenOnDiscord(fake: FakeDiscord, channelId: string): Seen {
  const seen: Seen = { own: [], triggers: [], folded: [], digest: [] };
  const plain = (s: string) => s.replace(/\*\*(.*?)\*\*/g, '$1').replace(/\\(.)/g, '$1');
  for (const m of fake.messages.filter((x) => x.channelId === channelId)) {
    const v = fake.view(m.id);
    readLines(v.embeds.flatMap((e) => [String(e.title ?? ''), ...String(e.description ?? '').split('\n')]).map(plain), seen);
  }
  return seen;
}

/** Row is one chat's line of the table. */
export interface Row {
  chat: string;
  platform: string;
  settings: string;
  expected: number;
  seen: number;
  lost: string[];
  extra: string[];
  duplicated: string[];
  deadLetters: number;
  tooMany: number;
}

/**
 * compare judges one chat: the set seen against the set expected. A title posted, folded or digested twice is a
 * duplicate; a cascade's trigger is context (it names what set the cascade off), except a trigger that fired within
 * the group wait of its cascade (`pairs`): shown alone as well, that is the near-duplicate pair.
 */
export function compare(expected: readonly string[], seen: Seen, pairs: ReadonlySet<string> = new Set()): Pick<Row, 'expected' | 'seen' | 'lost' | 'extra' | 'duplicated'> {
  const all = new Set([...seen.own, ...seen.triggers, ...seen.folded, ...seen.digest]);
  const counts = new Map<string, number>();
  for (const t of [...seen.own, ...seen.folded, ...seen.digest, ...seen.triggers.filter((x) => pairs.has(x))]) counts.set(t, (counts.get(t) ?? 0) + 1);
  return {
    expected: expected.length,
    seen: all.size,
    lost: expected.filter((t) => !all.has(t)),
    extra: [...all].filter((t) => !expected.includes(t)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([t]) => t),
  };
}

/** table prints the rows as a fixed-width table, one chat a line, and a total line. */
export function table(rows: readonly Row[]): string {
  const head = ['chat', 'platform', 'settings', 'expected', 'seen', 'lost', 'extra', 'duplicated', 'dead letters', '429s'];
  const cells = rows.map((r) => [r.chat, r.platform, r.settings, r.expected, r.seen, r.lost.length, r.extra.length, r.duplicated.length, r.deadLetters, r.tooMany].map(String));
  const sum = (k: 'expected' | 'seen' | 'deadLetters' | 'tooMany') => rows.reduce((n, r) => n + r[k], 0);
  const len = (k: 'lost' | 'extra' | 'duplicated') => rows.reduce((n, r) => n + r[k].length, 0);
  cells.push(['total', `${rows.length} chats`, '', sum('expected'), sum('seen'), len('lost'), len('extra'), len('duplicated'), sum('deadLetters'), sum('tooMany')].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
