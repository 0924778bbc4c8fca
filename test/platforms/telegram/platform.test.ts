import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { PlatformError, type PlatformErrorKind } from '../../../src/chat/errors.js';
import type { RichMessage } from '../../../src/chat/message.js';
import { classifyTelegramError } from '../../../src/platforms/telegram/errors.js';
import { TelegramPlatform } from '../../../src/platforms/telegram/platform.js';
import { parseTelegramHtml } from '../../fakes/telegram/html.js';
import { FakeTelegram, type ChatFailure } from '../../fakes/telegram/server.js';

const GROUP = '-1001234567890';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);

let fake: FakeTelegram;
let clock = 1_700_000_000_000;
let tg: TelegramPlatform;

beforeAll(async () => {
  fake = new FakeTelegram({ now: () => clock });
  await fake.start();
  tg = new TelegramPlatform({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 300 });
});
afterAll(() => fake.stop());
afterEach(() => {
  fake.clearFailures();
  fake.setLimits('off');
});

function msg(title: string, extra: Partial<RichMessage> = {}): RichMessage {
  return { title, blocks: [{ type: 'text', text: 'BTC broke 85,000' }], ...extra };
}

/** visibleOf is what a recorded HTML text shows in Telegram (after entity parsing). */
function visibleOf(html: string | undefined): string {
  const parsed = parseTelegramHtml(html ?? '');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('TelegramPlatform.send', () => {
  it('sends HTML text and returns the message id', async () => {
    const res = await tg.send('42', msg('Level break <BTC>'));
    const [sent] = fake.sentTo('42');
    expect(res.messageIds).toEqual([String(sent.messageId)]);
    expect(sent.parseMode).toBe('HTML');
    expect(visibleOf(sent.text)).toBe('Level break <BTC>\n\nBTC broke 85,000');
  });

  it('splits a long message into several sends, each accepted', async () => {
    const res = await tg.send('43', { title: 'Long', blocks: [{ type: 'text', text: 'x'.repeat(5000) }] });
    expect(res.messageIds).toHaveLength(2);
    expect(fake.sentTo('43').map((m) => visibleOf(m.text).length)).toEqual([4096, 910]);
  });

  it('uploads the chart PNG byte for byte with its caption, then the rest as text', async () => {
    const res = await tg.send(GROUP, { title: 'Crash', blocks: [{ type: 'text', text: 'y'.repeat(2000) }], image: { png: PNG, filename: 'chart.png' } });
    const [photo, rest] = fake.sentTo(GROUP);
    expect(res.messageIds).toEqual([String(photo.messageId), String(rest.messageId)]);
    expect(photo.method).toBe('sendPhoto');
    expect(photo.photo!.filename).toBe('chart.png');
    expect(photo.photo!.data.equals(PNG)).toBe(true);
    expect(visibleOf(photo.caption)).toBe('Crash');
    expect(visibleOf(rest.text)).toBe('y'.repeat(2000));
  });

  it('a 429 on the text after the chart is waited out in place: the message is finished, not posted again', async () => {
    fake.failChat('52', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { times: 1, methods: ['sendMessage'] });
    const res = await tg.send('52', { title: 'Crash', blocks: [{ type: 'text', text: 'y'.repeat(2000) }], image: { png: PNG, filename: 'chart.png' } });
    expect(fake.sentTo('52').map((m) => m.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(res.messageIds).toHaveLength(2);
  });

  it('a text part that cannot follow the chart fails with what was posted (partial), so a retry does not post the chart twice', async () => {
    fake.failChat('53', { status: 400, description: 'Bad Request: something else' }, { methods: ['sendMessage'] });
    const err = await failure(tg.send('53', { title: 'Crash', blocks: [{ type: 'text', text: 'y'.repeat(2000) }], image: { png: PNG, filename: 'chart.png' } }));
    expect(err.partial).toMatchObject({ messageIds: [String(fake.sentTo('53')[0].messageId)], image: 'chart.png' });
  });

  it('keeps a hostile filename from breaking the multipart upload', async () => {
    const png = Buffer.concat([PNG, Buffer.from('hostile')]);
    await tg.send('51', msg('Crash', { image: { png, filename: 'a"b\r\nc.png' } }));
    const [photo] = fake.sentTo('51');
    expect(photo.photo!.filename).toBe('a_b__c.png');
    expect(photo.photo!.data.equals(png)).toBe(true);
  });

  it('uploads a chart once and sends it to the next chats by its file_id; a file_id Telegram no longer knows is uploaded again', async () => {
    const png = Buffer.concat([PNG, Buffer.from('once')]);
    const before = fake.uploads;
    for (const chat of ['61', '62', '63']) await tg.send(chat, msg('Cascade', { image: { png, filename: 'chart.png' } }));
    expect(fake.uploads - before).toBe(1);
    const photos = ['61', '62', '63'].map((c) => fake.sentTo(c)[0]);
    expect(photos.every((p) => p.method === 'sendPhoto' && p.photo!.data.equals(png) && p.fileId === photos[0].fileId)).toBe(true);
    fake.forgetFiles();
    await tg.send('64', msg('Cascade', { image: { png, filename: 'chart.png' } }));
    expect(fake.uploads).toBe(1);
    expect(fake.sentTo('64')[0].photo!.data.equals(png)).toBe(true);
    await tg.send('65', msg('Cascade', { image: { png, filename: 'chart.png' } }));
    expect(fake.uploads).toBe(1);
  });
});

describe('TelegramPlatform.edit', () => {
  it('edits the text in place, and an identical edit ("message is not modified") is success', async () => {
    const { messageIds } = await tg.send('44', msg('Cascade: $120M'));
    await tg.edit('44', { messageIds }, msg('Cascade: $240M'));
    await tg.edit('44', { messageIds }, msg('Cascade: $240M'));
    const [m] = fake.sentTo('44');
    expect(visibleOf(m.text)).toContain('$240M');
    expect(m.edits).toHaveLength(1);
  });

  it('skips the parts an update did not change (no call for them)', async () => {
    const sent = await tg.send('47', msg('Cascade: $120M', { footer: 'cascade · 13:24' }));
    const edited = await tg.edit('47', sent, msg('Cascade: $240M', { footer: 'cascade · 13:24' }));
    const calls = fake.calls('editMessageText').length;
    expect(await tg.edit('47', edited, msg('Cascade: $240M', { footer: 'cascade · 13:24' }))).toEqual(edited);
    expect(fake.calls('editMessageText')).toHaveLength(calls);
  });

  it('edits the caption of a message sent with a chart, and the photo only when the update brings a new chart', async () => {
    const image = { png: PNG, filename: 'chart.png' };
    const sent = await tg.send('45', msg('Cascade', { image }));
    await tg.edit('45', sent, msg('Cascade, developing'));
    expect(visibleOf(fake.sentTo('45')[0].caption)).toContain('Cascade, developing');
    expect(fake.sentTo('45')[0].photo!.data.equals(PNG)).toBe(true);
    const newer = Buffer.concat([PNG, Buffer.from('v2')]);
    await tg.edit('45', sent, msg('Cascade, later', { image: { png: newer, filename: 'chart.png' } }));
    expect(fake.calls('editMessageMedia')).toHaveLength(1);
    expect(fake.inbox('45')[0].photo!.equals(newer)).toBe(true);
    expect(fake.inbox('45')[0].shown).toContain('Cascade, later');
  });

  it('posts the text part an update gained after a photo, and deletes one it lost', async () => {
    const image = { png: PNG, filename: 'chart.png' };
    const sent = await tg.send(GROUP, msg('Cascade', { image }));
    expect(sent.messageIds).toHaveLength(1);
    const grown = await tg.edit(GROUP, sent, msg('Cascade', { blocks: [{ type: 'text', text: 'lead' }, { type: 'list', items: ['13:25 BTC breaks below $85,000'] }] }));
    expect(grown.messageIds).toHaveLength(2);
    expect(fake.inbox(GROUP).at(-1)!.shown).toContain('BTC breaks below $85,000');
    const shrunk = await tg.edit(GROUP, grown, msg('Cascade'));
    expect(shrunk.messageIds).toEqual(sent.messageIds);
    expect(fake.inbox(GROUP).map((m) => m.messageId)).not.toContain(Number(grown.messageIds[1]));
  });

  it('an update of a message sent before fingerprints, photo or text unknown, finds its kind', async () => {
    const sent = await tg.send('48', msg('Cascade', { image: { png: PNG, filename: 'chart.png' } }));
    await tg.edit('48', { messageIds: sent.messageIds }, msg('Cascade, developing'));
    expect(fake.inbox('48')[0].shown).toContain('Cascade, developing');
  });

  it('an edit of an unknown or deleted message is uneditable (post a new one), not a dead letter', async () => {
    const err = await failure(tg.edit('46', { messageIds: ['999999'] }, msg('x')));
    expect([err.kind, err.status]).toEqual(['uneditable', 400]);
    const sent = await tg.send('46', msg('before'));
    fake.deleteMessage('46', Number(sent.messageIds[0]));
    expect((await failure(tg.edit('46', sent, msg('after')))).kind).toBe('uneditable');
  });

  it('an edit past the 48 h window is uneditable', async () => {
    const sent = await tg.send(GROUP, msg('before'));
    clock += 48 * 3_600_000 + 1000;
    expect((await failure(tg.edit(GROUP, sent, msg('after')))).kind).toBe('uneditable');
  });
});

describe('failure classification', () => {
  const cases: Array<[string, ChatFailure, PlatformErrorKind, Partial<PlatformError>]> = [
    ['kicked (403)', 'kicked', 'gone', { status: 403 }],
    ['blocked (403)', 'blocked', 'gone', { status: 403 }],
    ['chat not found (400)', 'not_found', 'gone', { status: 400 }],
    ['migrated (400 + migrate_to_chat_id)', { migrateTo: -1009876543210 }, 'migrated', { migrateTo: '-1009876543210' }],
    ['bad gateway (502)', { status: 502 }, 'retry', { status: 502 }],
    ['internal error (500)', { status: 500 }, 'retry', { status: 500 }],
    ['a forum topic deleted (400 message thread not found)', { status: 400, description: 'Bad Request: message thread not found' }, 'gone', { status: 400 }],
    ['a forum topic closed (400 TOPIC_CLOSED)', { status: 400, description: 'Bad Request: TOPIC_CLOSED' }, 'gone', { status: 400 }],
    ['a channel without the post right (400 not enough rights)', { status: 400, description: 'Bad Request: not enough rights to send text messages to the chat' }, 'gone', { status: 400 }],
    ['other 4xx', { status: 400, description: 'Bad Request: wrong parameter action in request' }, 'fatal', { status: 400 }],
    ['401', { status: 401, description: 'Unauthorized' }, 'fatal', { status: 401 }],
    ['a hung request (timeout)', 'hang', 'retry', {}],
  ];
  it.each(cases)('send: %s', async (_name, script, kind, fields) => {
    fake.failChat(GROUP, script);
    const err = await failure(tg.send(GROUP, msg('x')));
    expect(err.kind).toBe(kind);
    expect(err).toMatchObject(fields);
  });
  it.each(cases)('edit: %s', async (_name, script, kind) => {
    const { messageIds } = await tg.send(GROUP, msg('before'));
    fake.failChat(GROUP, script);
    expect((await failure(tg.edit(GROUP, { messageIds }, msg('after')))).kind).toBe(kind);
  });

  it('a 429 storm gives rate_limited with retry_after in ms, then sends go through', async () => {
    fake.storm('47', 2, 7);
    const before = fake.tooManyRequests;
    for (let i = 0; i < 2; i++) {
      const err = await failure(tg.send('47', msg('x')));
      expect([err.kind, err.retryAfterMs]).toEqual(['rate_limited', 7000]);
    }
    expect(fake.tooManyRequests - before).toBe(2);
    await expect(tg.send('47', msg('x'))).resolves.toMatchObject({ messageIds: [expect.any(String)] });
  });

  it('strict limits: a fourth message within a second to one chat is refused with retry_after', async () => {
    fake.setLimits('strict');
    for (let i = 0; i < 3; i++) await tg.send('48', msg(`burst ${i}`));
    const err = await failure(tg.send('48', msg('one too many')));
    expect([err.kind, err.retryAfterMs]).toEqual(['rate_limited', 1000]);
    clock += 1000;
    await tg.send('48', msg('after the wait'));
  });

  it('a network failure (nothing listening) is retry', async () => {
    const dead = new FakeTelegram();
    await dead.start();
    const root = dead.apiRoot;
    await dead.stop();
    const err = await failure(new TelegramPlatform({ token: fake.token, apiRoot: root }).send('1', msg('x')));
    expect(err.kind).toBe('retry');
  });

  it('falls back to plain text once when Telegram refuses the HTML', async () => {
    fake.failChat('49', { status: 400, description: `Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 0` }, { times: 1 });
    const lines: string[] = [];
    const platform = new TelegramPlatform({ token: fake.token, apiRoot: fake.apiRoot, logger: pino({}, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) })) });
    await platform.send('49', msg('<b>&</b>'));
    const [m] = fake.sentTo('49');
    expect(m.parseMode).toBeUndefined();
    expect(m.text).toBe('<b>&</b>\n\nBTC broke 85,000');
    expect(lines.join('')).toContain('plain text');
  });
});

describe('no token in errors or logs', () => {
  it.each<[string, ChatFailure | 'dead']>([['kicked', 'kicked'], ['502', { status: 502 }], ['hang', 'hang'], ['connection refused', 'dead']])('%s', async (_name, script) => {
    const dead = new FakeTelegram({ token: fake.token });
    await dead.start();
    const root = script === 'dead' ? dead.apiRoot : fake.apiRoot;
    await dead.stop();
    if (script !== 'dead') fake.failChat('50', script);
    const lines: string[] = [];
    const logger = pino({}, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const platform = new TelegramPlatform({ token: fake.token, apiRoot: root, requestTimeoutMs: 200, logger });
    const err = await failure(platform.send('50', msg('x')));
    logger.error({ err }, 'send failed');
    const secretPart = fake.token.split(':')[1];
    const texts = [err.message, err.stack ?? '', String((err.cause as Error)?.message), String((err.cause as Error)?.stack), JSON.stringify(err), ...lines];
    for (const t of texts) {
      expect(t).not.toContain(secretPart);
      expect(t).not.toMatch(/bot\d+:/);
    }
    expect(lines.join('')).toContain('send failed');
  });

  it('scrubs the token from an error, its stack and its causes however it got there', () => {
    const token = fake.token;
    const inner = new Error(`socket hang up for ${token}`);
    const raw = Object.assign(new Error(`request to https://api.telegram.org/bot${token}/sendMessage failed`, { cause: inner }), { code: 'ECONNRESET' });
    const err = classifyTelegramError(raw, `Telegram sendMessage via /bot${token}/`, token);
    expect(err.kind).toBe('retry');
    const all = [err.message, err.stack, raw.message, raw.stack, inner.message, inner.stack].join('\n');
    expect(all).not.toContain(token.split(':')[1]);
    expect(all).toContain('[REDACTED]');
  });
});
