import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import { MAX_WEBHOOK_BODY_BYTES, secretMatches } from '../../../src/platforms/telegram/webhook.js';
import { FakeTelegram } from '../../fakes/telegram/server.js';
import { commandMessage, userOf } from '../../fakes/telegram/updates.js';
import { captureLogger, newServices, shownText, TEST_COMMANDS } from './helpers.js';

const SECRET = 'webhook_secret-0123456789abcdefABCDEF';
const PATH = '/telegram/hook';

let fake: FakeTelegram;
let tb: TelegramBot;
let base = '';
const services = newServices();

beforeAll(async () => {
  fake = new FakeTelegram();
  await fake.start();
  tb = createTelegramBot({
    token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger: captureLogger().logger,
    onRemoved: () => undefined, onMigrated: () => undefined,
    mode: { webhook: { port: 0, host: '127.0.0.1', path: PATH, secretToken: SECRET, url: 'https://bot.example.org/telegram/hook' } },
  });
  await tb.start();
  base = `http://127.0.0.1:${tb.webhookPort()}`;
});
afterAll(async () => {
  await tb.stop();
  await fake.stop();
});

let nextUpdateId = 1;
function update(chatId: number, text: string): string {
  return JSON.stringify({ update_id: nextUpdateId++, ...commandMessage(chatId, text, userOf(chatId)) });
}

async function post(body: string, headers: Record<string, string> = {}, path = PATH, method = 'POST'): Promise<number> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'POST' ? body : undefined });
  await res.arrayBuffer();
  return res.status;
}

/** rawPost streams a body in 64 KB pieces and resolves with the status; a refusal may reset the socket mid-body, which is fine. */
function rawPost(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => setTimeout(() => reject(err), 1000).unref());
    const data = Buffer.from(body);
    let at = 0;
    const pump = (): void => {
      while (at < data.length) {
        const piece = data.subarray(at, (at += 65_536));
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('Telegram webhook mode', () => {
  it('registers the webhook URL with its secret', () => {
    expect(fake.state.webhook).toMatchObject({ url: 'https://bot.example.org/telegram/hook', secretToken: SECRET });
  });

  it('refuses a request without the secret header (403) and runs nothing', async () => {
    expect(await post(update(701, '/ping'))).toBe(403);
    expect(services.runs).toEqual([]);
  });

  it('refuses a wrong secret (403), including one that shares a prefix, and runs nothing', async () => {
    expect(await post(update(702, '/ping'), { 'X-Telegram-Bot-Api-Secret-Token': 'nope' })).toBe(403);
    expect(await post(update(702, '/ping'), { 'X-Telegram-Bot-Api-Secret-Token': SECRET.slice(0, -1) })).toBe(403);
    expect(await post(update(702, '/ping'), { 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` })).toBe(403);
    expect(services.runs).toEqual([]);
    expect(fake.sentTo(702)).toEqual([]);
  });

  it('answers 403 before reading the body: a request whose body never comes is refused at once', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      setTimeout(() => reject(new Error('no answer: the server waited for the body')), 2000).unref();
      req.flushHeaders();
    });
    expect(status).toBe(403);
  });

  it('handles an update with the right secret', async () => {
    expect(await post(update(703, '/ping'), { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).toBe(200);
    expect(services.runs).toEqual(['ping:703']);
    expect(shownText(fake.sentTo(703)[0])).toBe('pong <&>');
  });

  it('accepts POST only, on its path only, JSON updates only, up to 1 MB', async () => {
    const h = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    expect(await post('', h, PATH, 'GET')).toBe(405);
    expect(await post(update(704, '/ping'), h, '/other')).toBe(404);
    expect(await post('{not json', h)).toBe(400);
    expect(await post('{"no_update_id":1}', h)).toBe(400);
    const big = JSON.stringify({ update_id: 1, pad: 'x'.repeat(MAX_WEBHOOK_BODY_BYTES) });
    expect(await rawPost(big, { ...h, 'content-length': String(Buffer.byteLength(big)) })).toBe(413);
    expect(await rawPost(big, h)).toBe(413); // chunked: no content-length, capped while reading
    expect(services.runs).toEqual(['ping:703']);
  });
});

describe('Telegram webhook: repeats and slow bodies', () => {
  it('runs an update Telegram re-sends (same update_id) once, also when the copy comes while the first still runs', async () => {
    const h = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    const body = update(705, '/chart');
    const [a, b] = await Promise.all([post(body, h), post(body, h)]);
    expect(await post(body, h)).toBe(200);
    expect([a, b]).toEqual([200, 200]);
    expect(fake.sentTo(705).filter((m) => m.method === 'sendPhoto')).toHaveLength(1);
  });

  it('cuts off a request whose body trickles in (408) instead of holding the connection', async () => {
    const slow = createTelegramBot({
      token: fake.token, apiRoot: fake.apiRoot, commands: TEST_COMMANDS, services, logger: captureLogger().logger, onRemoved: () => undefined, onMigrated: () => undefined,
      mode: { webhook: { port: 0, host: '127.0.0.1', path: PATH, secretToken: SECRET, bodyTimeoutMs: 300 } },
    });
    await slow.start();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${slow.webhookPort()}${PATH}`, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET, 'content-type': 'application/json', 'content-length': '5000' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(-1));
        req.write('{"update_id": 9');
        setTimeout(() => reject(new Error('the server kept waiting for the body')), 10_000).unref();
      });
      expect(status).toBe(408);
    } finally {
      await slow.stop();
    }
  });
});

describe('secretMatches', () => {
  it.each([
    ['equal', SECRET, true],
    ['different', 'other', false],
    ['prefix', SECRET.slice(0, 10), false],
    ['missing', undefined, false],
    ['repeated header', [SECRET, SECRET], false],
  ])('%s', (_name, given, expected) => {
    expect(secretMatches(given as string | string[] | undefined, SECRET)).toBe(expected);
  });
});
