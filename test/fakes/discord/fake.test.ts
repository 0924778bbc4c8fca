import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FAKE_IDS } from './fixtures.js';
import { FakeRateLimiter } from './ratelimit.js';
import { FakeDiscord, waitFor } from './server.js';

const TOKEN = 'fake-self-test-token';
const AUTH = { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' };
const SAFE = { allowed_mentions: { parse: [] } };
let fake: FakeDiscord;
let ch = 1_300_000_000_000_000_500n;
const channel = () => (ch++).toString();

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${fake.apiUrl}/v10${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}
const post = (c: string, body: Record<string, unknown>) => call('POST', `/channels/${c}/messages`, { ...SAFE, ...body });

/** gatewayClient connects a raw ws client and collects every frame. */
async function gatewayClient(token = TOKEN) {
  const frames: any[] = [];
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (m) => frames.push(JSON.parse(m.toString())));
  await waitFor(() => frames.length > 0, 5000, 'HELLO');
  return { ws, frames, closed, identify: () => ws.send(JSON.stringify({ op: 2, d: { token, intents: 1, properties: {} } })) };
}

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN, heartbeatIntervalMs: 45_000 }).start();
});
afterAll(async () => fake.stop());
afterEach(() => fake.setRateLimits('off'));

describe('REST', () => {
  it('needs the bot token and serves /gateway/bot', async () => {
    expect((await call('GET', '/gateway/bot', undefined, {})).json).toEqual({ message: '401: Unauthorized', code: 0 });
    const ok = await call('GET', '/gateway/bot');
    expect(ok.json.url).toBe(fake.gatewayUrl);
    expect(ok.json.session_start_limit.max_concurrency).toBe(1);
  });

  const over: Array<[string, Record<string, unknown>, string, string]> = [
    ['content 2001', { content: 'x'.repeat(2001) }, 'content', 'BASE_TYPE_MAX_LENGTH'],
    ['title 257', { embeds: [{ title: 'x'.repeat(257) }] }, 'embeds.0.title', 'BASE_TYPE_MAX_LENGTH'],
    ['description 4097', { embeds: [{ description: 'x'.repeat(4097) }] }, 'embeds.0.description', 'BASE_TYPE_MAX_LENGTH'],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields', 'BASE_TYPE_MAX_LENGTH'],
    ['field name 257', { embeds: [{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }] }, 'embeds.0.fields.0.name', 'BASE_TYPE_MAX_LENGTH'],
    ['field value 1025', { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] }, 'embeds.0.fields.0.value', 'BASE_TYPE_MAX_LENGTH'],
    ['blank field value', { embeds: [{ fields: [{ name: 'n', value: '  ' }] }] }, 'embeds.0.fields.0.value', 'BASE_TYPE_REQUIRED'],
    ['footer 2049', { embeds: [{ footer: { text: 'x'.repeat(2049) } }] }, 'embeds.0.footer.text', 'BASE_TYPE_MAX_LENGTH'],
    ['author 257', { embeds: [{ author: { name: 'x'.repeat(257) } }] }, 'embeds.0.author.name', 'BASE_TYPE_MAX_LENGTH'],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds', 'BASE_TYPE_MAX_LENGTH'],
    ['6001 in total', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] }, 'embeds', 'MAX_EMBED_SIZE_EXCEEDED'],
    ['nonce 26', { content: 'x', nonce: 'n'.repeat(26) }, 'nonce', 'BASE_TYPE_MAX_LENGTH'],
    ['empty', { content: '' }, 'content', 'BASE_TYPE_REQUIRED'],
  ];
  it.each(over)('refuses %s with 400 50035 and the errors tree', async (_n, body, path, code) => {
    const res = await post(channel(), body);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(50035);
    const node = path.split('.').reduce((n: any, k) => n?.[k], res.json.errors);
    expect(node._errors[0].code).toBe(code);
  });

  it('accepts every limit exactly', async () => {
    const fields = Array.from({ length: 2 }, () => ({ name: 'x'.repeat(256), value: 'x'.repeat(1024) }));
    const res = await post(channel(), { content: 'x'.repeat(2000), embeds: [{ title: 'x'.repeat(256), description: 'x'.repeat(1028), fields, footer: { text: 'x'.repeat(1000) }, author: { name: 'x'.repeat(256) } }, ...Array.from({ length: 9 }, () => ({ description: 'x'.repeat(100) }))] });
    expect(res.status).toBe(200);
  });

  it('counts a message whose allowed_mentions is not {parse: []}', async () => {
    const before = fake.state.counters.mentionViolations;
    await call('POST', `/channels/${channel()}/messages`, { content: 'no allowed_mentions' });
    await call('POST', `/channels/${channel()}/messages`, { content: 'x', allowed_mentions: { parse: ['everyone'] } });
    await post(channel(), { content: 'safe' });
    expect(fake.state.counters.mentionViolations - before).toBe(2);
  });

  it('parses multipart: payload_json and files[n] with their bytes and descriptions', async () => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ ...SAFE, embeds: [{ image: { url: 'attachment://c.png' } }], attachments: [{ id: 0, filename: 'c.png', description: 'alt' }] }));
    form.append('files[0]', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'c.png');
    const c = channel();
    const res = await fetch(`${fake.apiUrl}/v10/channels/${c}/messages`, { method: 'POST', headers: { authorization: `Bot ${TOKEN}` }, body: form });
    expect(res.status).toBe(200);
    const m = fake.messages.find((x) => x.channelId === c)!;
    expect(m.attachments[0]).toMatchObject({ filename: 'c.png', description: 'alt', size: 3, contentType: 'image/png' });
    expect([...m.attachments[0].bytes]).toEqual([1, 2, 3]);
  });

  it('dedupes enforce_nonce within the window, and only with enforce_nonce', async () => {
    const c = channel();
    const a = await post(c, { content: 'x', nonce: 'n1', enforce_nonce: true });
    const b = await post(c, { content: 'x', nonce: 'n1', enforce_nonce: true });
    const d = await post(c, { content: 'x', nonce: 'n1' });
    expect(b.json.id).toBe(a.json.id);
    expect(d.json.id).not.toBe(a.json.id);
    expect(fake.messages.filter((m) => m.channelId === c)).toHaveLength(2);
  });

  it('plays scripted failures the given number of times', async () => {
    const c = channel();
    fake.failChannel(c, 'missing_access', 1);
    expect((await post(c, { content: 'x' })).json).toEqual({ message: 'Missing Access', code: 50001 });
    expect((await post(c, { content: 'x' })).status).toBe(200);
    fake.failChannel(c, 'unknown_channel');
    expect((await call('GET', `/channels/${c}`)).json.code).toBe(10003);
  });

  it('validates slash commands like Discord', async () => {
    const bad = await call('PUT', `/applications/${FAKE_IDS.application}/commands`, [
      { name: 'Bad Name', description: 'd' }, { name: 'ok', description: '' }, { name: 'ok', description: 'x'.repeat(101) },
      { name: 'opt', description: 'd', options: [{ name: 'a', description: 'd', type: 3 }, { name: 'b', description: 'd', type: 3, required: true }] },
      { name: 'many', description: 'd', options: Array.from({ length: 26 }, (_, i) => ({ name: `o${i}`, description: 'd', type: 3 })) },
    ]);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.errors).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(bad.json.errors['3'].options['1'].required._errors[0].code).toBe('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
  });
});

describe('rate limits', () => {
  it('strict: 5 messages per 5 s per channel with real headers, then a 429 with Retry-After', async () => {
    fake.setRateLimits('strict');
    const c = channel();
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(c, { content: `m${i}` });
      remaining.push(r.headers.get('x-ratelimit-remaining')!);
      expect(r.headers.get('x-ratelimit-limit')).toBe('5');
      expect(Number(r.headers.get('x-ratelimit-reset-after'))).toBeLessThanOrEqual(5);
      expect(r.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const before = fake.count429.route;
    const r = await post(c, { content: 'over' });
    expect(r.status).toBe(429);
    expect(r.json).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(r.json.retry_after).toBeGreaterThan(0);
    expect(Number(r.headers.get('retry-after'))).toBe(Math.max(1, Math.ceil(r.json.retry_after)));
    expect(r.headers.get('x-ratelimit-scope')).toBe('user');
    expect(fake.count429.route - before).toBe(1);
    expect((await post(channel(), { content: 'other channel' })).status).toBe(200);
  });

  it('global: a fixed one-second window across channels; interaction routes exempt (limiter with `now` given)', () => {
    const l = new FakeRateLimiter({ globalPerSecond: 3, routes: { message_create: { limit: 100, windowMs: 5000 }, message_edit: { limit: 100, windowMs: 5000 } } });
    expect([0, 1, 2].map((i) => l.check('message_create', `c${i}`, true, 1000).refused)).toEqual([undefined, undefined, undefined]);
    const r = l.check('message_create', 'c9', true, 1500);
    expect(r.refused).toEqual({ message: 'You are being rate limited.', retry_after: 0.5, global: true });
    expect(r.headers).toMatchObject({ 'Retry-After': '1', 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
    expect(l.check(null, null, false, 1500).refused).toBeUndefined();
    expect(l.check('message_create', 'c9', true, 2000).refused).toBeUndefined();
    expect(l.count429).toEqual({ total: 1, global: 1, route: 0, storm: 0 });
  });

  it('off: no limit headers and no 429s; a storm still answers 429 the given number of times', async () => {
    const c = channel();
    for (let i = 0; i < 8; i++) expect((await post(c, { content: 'x' })).headers.get('x-ratelimit-limit')).toBeNull();
    fake.storm(c, 2, 1500);
    const r = await post(c, { content: 'x' });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.json).toEqual({ message: 'You are being rate limited.', retry_after: 1.5, global: false });
    expect((await post(c, { content: 'x' })).status).toBe(429);
    expect((await post(c, { content: 'x' })).status).toBe(200);
  });
});

describe('gateway and interactions', () => {
  it('HELLO, heartbeat ACK, READY then GUILD_CREATE with sequence numbers; a bad token closes 4004', async () => {
    const bad = await gatewayClient('nope');
    bad.identify();
    expect(await bad.closed).toBe(4004);
    const g = await gatewayClient();
    expect(g.frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 45_000 } });
    g.ws.send(JSON.stringify({ op: 1, d: null }));
    g.identify();
    await waitFor(() => g.frames.length >= 4, 5000, 'READY + GUILD_CREATE + ACK');
    const dispatches = g.frames.filter((f) => f.op === 0);
    expect(dispatches.map((f) => [f.t, f.s])).toEqual([['READY', 1], ['GUILD_CREATE', 2]]);
    expect(dispatches[0].d).toMatchObject({ resume_gateway_url: fake.gatewayUrl, application: { id: FAKE_IDS.application }, user: { bot: true } });
    expect(g.frames.some((f) => f.op === 11)).toBe(true);
    const i = fake.interact({ command: 'x' });
    await waitFor(() => g.frames.some((f) => f.t === 'INTERACTION_CREATE'), 5000, 'INTERACTION_CREATE');
    const ic = g.frames.find((f) => f.t === 'INTERACTION_CREATE');
    expect(ic.s).toBe(3);
    expect(ic.d).toMatchObject({ id: i.id, token: i.token, entitlements: [], authorizing_integration_owners: { 0: FAKE_IDS.guild } });
    // Answers: once, then 40060; follow-ups and @original (either spelling) after the callback.
    expect((await call('POST', `/webhooks/${FAKE_IDS.application}/${i.token}`, { content: 'early', ...SAFE }, {})).json.code).toBe(10015);
    expect((await call('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 5 }, { 'content-type': 'application/json' })).status).toBe(204);
    expect((await call('POST', `/interactions/${i.id}/${i.token}/callback`, { type: 4, data: { content: 'x' } }, { 'content-type': 'application/json' })).json.code).toBe(40060);
    const edit = await call('PATCH', `/webhooks/${FAKE_IDS.application}/${i.token}/messages/%40original`, { content: 'done', ...SAFE }, { 'content-type': 'application/json' });
    expect(edit.json.content).toBe('done');
    expect((await call('DELETE', `/webhooks/${FAKE_IDS.application}/${i.token}/messages/@original`, undefined, {})).status).toBe(204);
    expect(i.refusals).toEqual([10015, 40060]);
    g.ws.close();
  });

  it('refuses a callback after the deadline with 10062', async () => {
    const late = await new FakeDiscord({ token: TOKEN, interactionDeadlineMs: -1 }).start();
    try {
      const ws = new WebSocket(`${late.gatewayUrl}?v=10&encoding=json`);
      await new Promise((r) => ws.once('message', r));
      ws.send(JSON.stringify({ op: 2, d: { token: TOKEN } }));
      await waitFor(() => late.gateway.ready === 1, 5000, 'identify');
      const i = late.interact({ command: 'x' });
      const res = await fetch(`${late.apiUrl}/v10/interactions/${i.id}/${i.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":5}' });
      expect(((await res.json()) as { code: number }).code).toBe(10062);
      ws.close();
    } finally {
      await late.stop();
    }
  });
});
