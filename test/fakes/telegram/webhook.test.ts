import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, refusal } from './helpers.js';
import { FakeTelegram } from './server.js';
import { commandMessage, userOf } from './updates.js';

const SECRET = 'hook_secret-0123456789';
const URL_ = 'https://bot.example.org/telegram/hook';
const fake = new FakeTelegram({ webhook: { answerTimeoutMs: 1000, retryBaseMs: 20, retryMaxMs: 50, maxAttempts: 200 } });
let tg: ReturnType<typeof client>;
let listener: Server;
const seen: Array<{ updateId: number; text?: string; kind: string }> = [];
let slow = 0;
let secret = SECRET;

beforeAll(async () => {
  await fake.start();
  tg = client(fake);
  // The real telegraf webhook handler: it checks the secret header (403 otherwise) and answers after the handler ran.
  const bot = makeBot();
  listener = createServer((req, res) => void bot.webhookCallback('/telegram/hook', { secretToken: secret })(req, res));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await fake.stop();
  listener.closeAllConnections();
  await new Promise((r) => listener.close(r));
});

function makeBot(): Telegraf {
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
  bot.catch(() => undefined);
  bot.use(async (ctx, next) => {
    if (slow > 0) {
      slow -= 1;
      await new Promise((r) => setTimeout(r, 2500));
    }
    seen.push({ updateId: ctx.update.update_id, kind: ctx.updateType, ...(ctx.text ? { text: ctx.text } : {}) });
    return next();
  });
  return bot;
}

describe('setWebhook', () => {
  it.each([
    ['plain http', 'http://bot.example.org/hook', 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook'],
    ['port 8080', 'https://bot.example.org:8080/hook', 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443'],
  ])('refuses %s', async (_n, url, description) => {
    expect(await refusal(tg.setWebhook(url))).toEqual({ code: 400, description });
  });

  it('refuses a secret token outside [A-Za-z0-9_-]{1,256}, accepts a good one, and getUpdates then answers 409', async () => {
    expect((await refusal(tg.setWebhook(URL_, { secret_token: 'has space' }))).code).toBe(400);
    await tg.setWebhook(URL_, { secret_token: SECRET, max_connections: 10 });
    expect(await tg.getWebhookInfo()).toMatchObject({ url: URL_, pending_update_count: 0, max_connections: 10 });
    expect((await refusal(tg.getUpdates(0, 1, 0, undefined))).code).toBe(409);
  });
});

describe('delivery', () => {
  it('holds updates until routed, then POSTs them with the secret header to telegraf, which handles each once', async () => {
    const id = fake.pushUpdate(commandMessage(-1001000000600, '/ping', userOf(9, 'Ann', undefined, 'en')));
    expect((await tg.getWebhookInfo()).pending_update_count).toBe(1);
    fake.routeWebhook(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
    await fake.waitFor(() => fake.webhook.attempts.some((a) => a.updateId === id));
    expect(seen.filter((s) => s.updateId === id)).toHaveLength(1);
    expect(fake.webhook.attempts.filter((a) => a.updateId === id)).toMatchObject([{ status: 200, attempt: 1 }]);
  });

  it('re-sends an update answered slowly, with the same update_id (the listener must de-duplicate)', async () => {
    slow = 1;
    const id = fake.pushUpdate(commandMessage(-1001000000601, '/status'));
    await fake.waitFor(() => seen.filter((s) => s.updateId === id).length === 2, 5000);
    const tries = fake.webhook.attempts.filter((a) => a.updateId === id);
    expect([tries[0].status, tries[0].error]).toEqual([null, 'Read timeout expired']);
    expect(tries.at(-1)?.status).toBe(200);
  });

  it('re-sends after a non-2xx answer and reports it in getWebhookInfo; redeliver() repeats an accepted update', async () => {
    secret = 'another-secret';
    const id = fake.pushUpdate(commandMessage(-1001000000602, '/help'));
    await fake.waitFor(() => fake.webhook.attempts.filter((a) => a.updateId === id).length >= 2);
    const info = await tg.getWebhookInfo();
    expect(info.last_error_message).toBe('Wrong response from the webhook: 403 Forbidden');
    expect(info.pending_update_count).toBe(1);
    secret = SECRET;
    await fake.waitFor(() => seen.some((s) => s.updateId === id), 5000);
    fake.redeliver(id);
    await fake.waitFor(() => seen.filter((s) => s.updateId === id).length === 2);
  });

  it('delivers my_chat_member when the bot is removed, in order with the chat\'s other updates', async () => {
    const group = -1001000000603;
    const a = fake.pushUpdate(commandMessage(group, '/subscribe'));
    const b = fake.setBotStatus(group, 'kicked');
    await fake.waitFor(() => seen.some((s) => s.updateId === b));
    expect(seen.filter((s) => s.updateId === a || s.updateId === b).map((s) => s.kind)).toEqual(['message', 'my_chat_member']);
  });

  it('gives undelivered updates back to getUpdates on deleteWebhook', async () => {
    secret = 'refuse-everything';
    const id = fake.pushUpdate(commandMessage(-1001000000604, '/stuck'));
    await fake.waitFor(() => fake.webhook.attempts.some((a) => a.updateId === id));
    await tg.deleteWebhook();
    secret = SECRET;
    expect(fake.pendingUpdates.map((u) => u.update_id)).toContain(id);
  });
});
