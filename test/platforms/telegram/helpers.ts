import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { described } from '../../helpers/commands.js';
import { parseTelegramHtml } from '../../fakes/telegram/html.js';
import type { SentMessage } from '../../fakes/telegram/server.js';

/** TestServices is the small state the test commands change, so a test can see whether a command ran. */
export interface TestServices {
  subscribed: Set<string>;
  runs: string[];
}

/** PNG is a chart stand-in: the PNG signature and some bytes. */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

/** TEST_COMMANDS is a small registry: a plain command, an admin-only one, a slow one with a chart, one that throws. */
export const TEST_COMMANDS = [
  described<TestServices>({
    name: 'ping', description: 'Check that the bot answers', args: [], adminOnly: false, example: '/ping',
    run: async (ctx) => (ctx.services.runs.push(`ping:${ctx.chat.chatId}`), 'pong <&>'),
  }),
  described<TestServices>({
    name: 'subscribe', description: 'Subscribe this chat to crash alerts', adminOnly: true, example: '/subscribe BTC',
    args: [{ name: 'assets', description: 'assets to follow', type: 'string', rest: true }],
    run: async (ctx) => {
      ctx.services.subscribed.add(ctx.chat.chatId);
      ctx.services.runs.push(`subscribe:${ctx.chat.chatId}:${ctx.user.name}`);
      return { title: 'Subscribed', blocks: [{ type: 'fields', fields: [{ name: 'Assets', value: ctx.args.assets ?? 'all' }] }] };
    },
  }),
  described<TestServices>({
    name: 'chart', description: 'The crash chart', args: [], adminOnly: false, slow: true, example: '/chart',
    run: async () => ({ title: 'Crash chart', blocks: [], image: { png: PNG, filename: 'chart.png' } }),
  }),
  described<TestServices>({
    name: 'boom', description: 'Always fails', args: [], adminOnly: false, example: '/boom',
    run: async () => {
      throw new Error('kaput');
    },
  }),
];

/** newServices is a fresh TestServices. */
export function newServices(): TestServices {
  return { subscribed: new Set(), runs: [] };
}

/** captureLogger is a pino logger (no scrubbing of its own) whose lines land in `lines`. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { logger, lines };
}

/** shownText is what Telegram shows for a recorded message (its HTML parsed; throws on bad markup). */
export function shownText(m: SentMessage | undefined): string {
  const parsed = parseTelegramHtml(m?.text ?? m?.caption ?? '');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
}
