import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../../src/chat/errors.js';
import type { RichMessage } from '../../../src/chat/message.js';
import { DiscordPlatform } from '../../../src/platforms/discord/platform.js';
import { FakeDiscord, type ScriptedFailure } from '../../fakes/discord/server.js';

// Not token-shaped on purpose: the checks below must not pass merely because a scrubber's regex caught it.
const TOKEN = 'cascade-test-discord-token-0123456789abcdef';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('chart-bytes-'.repeat(100))]);

let fake: FakeDiscord;
let platform: DiscordPlatform;
let nextChannel = 1_300_000_000_000_000_100n;
const channel = () => (nextChannel++).toString();
const seenErrors: unknown[] = [];

const alert: RichMessage = {
  title: 'BTC broke 85,000',
  severity: 'warning',
  blocks: [{ type: 'text', text: 'Composite 84,996 after a 1h drop of 3.2%.' }, { type: 'fields', fields: [{ name: 'Level', value: '85,000', inline: true }] }],
  footer: 'level break · 2026-01-29 13:25 UTC',
};

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(() => null, (e: unknown) => e);
  seenErrors.push(err);
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

beforeAll(async () => {
  fake = await new FakeDiscord({ token: TOKEN }).start();
  platform = new DiscordPlatform({ token: TOKEN, restUrl: fake.apiUrl });
});

afterAll(async () => {
  platform.close();
  await fake.stop();
});

describe('DiscordPlatform.send', () => {
  it('posts one embed message with the severity colour and no mentions allowed', async () => {
    const ch = channel();
    const res = await platform.send(ch, alert);
    const [m] = fake.messages.filter((x) => x.channelId === ch);
    expect(res.messageIds).toEqual([m.id]);
    expect(m.allowedMentions).toEqual({ parse: [] });
    expect(m.embeds[0]).toMatchObject({ title: 'BTC broke 85,000', color: 0xffbf00, fields: [{ name: 'Level', value: '85,000', inline: true }] });
    expect(m.embeds[0].footer.text).toBe('level break · 2026-01-29 13:25 UTC');
  });

  it('uploads the chart PNG as multipart and shows it in the embed', async () => {
    const ch = channel();
    await platform.send(ch, { ...alert, image: { png: PNG, filename: 'chart.png', alt: 'BTC 24h' } });
    const [m] = fake.messages.filter((x) => x.channelId === ch);
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: 'chart.png', contentType: 'image/png', size: PNG.length, description: 'BTC 24h' });
    expect(m.attachments[0].bytes.equals(PNG)).toBe(true);
    expect(m.embeds[m.embeds.length - 1].image).toEqual({ url: 'attachment://chart.png' });
  });

  it('sends the nonce with enforce_nonce, so a resend returns the first message instead of a second one', async () => {
    const ch = channel();
    const a = await platform.send(ch, alert, { nonce: 'job-abc-123' });
    const b = await platform.send(ch, alert, { nonce: 'job-abc-123' });
    expect(b.messageIds).toEqual(a.messageIds);
    expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(1);
    expect(fake.messages.find((x) => x.channelId === ch)?.nonce).toBe('job-abc-123');
    const c = await platform.send(ch, alert, { nonce: 'job-abc-124' });
    expect(c.messageIds).not.toEqual(a.messageIds);
    await platform.send(ch, alert);
    await platform.send(ch, alert);
    expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(4);
  });
});

describe('DiscordPlatform.edit', () => {
  it('replaces the embeds of a sent message in place; the same update again costs no call', async () => {
    const ch = channel();
    const sent = await platform.send(ch, alert);
    const update = { ...alert, title: 'Cascade: longs liquidated', severity: 'critical' as const };
    const edited = await platform.edit(ch, sent, update);
    const requests = fake.requests.length;
    expect(await platform.edit(ch, edited, update)).toEqual(edited);
    expect(fake.requests.length).toBe(requests);
    const m = fake.messages.find((x) => x.id === sent.messageIds[0])!;
    expect(m.edits).toBe(1);
    expect(m.embeds[0]).toMatchObject({ title: 'Cascade: longs liquidated', color: 0xe53935 });
    expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(1);
  });

  it('calls a deleted edit target uneditable (10008), not gone: the channel still works, post a new message', async () => {
    const err = await failure(platform.edit(channel(), { messageIds: ['1399999999999999999'] }, alert));
    expect(err.kind).toBe('uneditable');
    expect(err.status).toBe(404);
  });
});

describe('failure classification', () => {
  const cases: Array<{ name: string; failure: ScriptedFailure; kind: PlatformError['kind']; status: number }> = [
    { name: '50001 Missing Access', failure: 'missing_access', kind: 'gone', status: 403 },
    { name: '10003 Unknown Channel', failure: 'unknown_channel', kind: 'gone', status: 404 },
    { name: '50013 Missing Permissions', failure: 'missing_permissions', kind: 'gone', status: 403 },
    { name: '500', failure: 'server_error', kind: 'retry', status: 500 },
    { name: '502', failure: { status: 502, code: 0, message: '502: Bad Gateway' }, kind: 'retry', status: 502 },
    { name: '400 50035', failure: { status: 400, code: 50035, message: 'Invalid Form Body' }, kind: 'fatal', status: 400 },
  ];
  for (const c of cases) {
    it(`send and edit: ${c.name} → ${c.kind}`, async () => {
      const ch = channel();
      const { messageIds } = await platform.send(ch, alert);
      fake.failChannel(ch, c.failure);
      const sent = await failure(platform.send(ch, alert));
      const edited = await failure(platform.edit(ch, { messageIds }, alert));
      for (const err of [sent, edited]) expect({ kind: err.kind, status: err.status }).toEqual({ kind: c.kind, status: c.status });
      expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(1);
    });
  }

  it('5xx is not retried inside @discordjs/rest: the queue decides (one request per call)', async () => {
    const ch = channel();
    fake.failChannel(ch, 'server_error');
    const before = fake.requests.filter((r) => r.path === `/channels/${ch}/messages`).length;
    await failure(platform.send(ch, alert));
    expect(fake.requests.filter((r) => r.path === `/channels/${ch}/messages`).length - before).toBe(1);
  });

  it('a 429 storm is rate_limited with the Retry-After wait, and is not retried by the client', async () => {
    const ch = channel();
    fake.storm(ch, 1, 2000);
    const before = fake.count429.storm;
    const err = await failure(platform.send(ch, alert));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(2000);
    expect(fake.count429.storm - before).toBe(1);
    await platform.send(ch, alert);
    expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(1);
  });

  it('a global 429 is rate_limited too', async () => {
    const local = new DiscordPlatform({ token: TOKEN, restUrl: fake.apiUrl });
    const ch = channel();
    fake.storm(ch, 1, 1000, true);
    const err = await failure(local.send(ch, alert));
    local.close();
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(1000);
  });

  it('with strict limits, the 6th send in 5 s to one channel is rate_limited before any 429 (bucket headers)', async () => {
    fake.setRateLimits('strict');
    try {
      const ch = channel();
      for (let i = 0; i < 5; i++) await platform.send(ch, alert);
      const before = fake.count429.total;
      const err = await failure(platform.send(ch, alert));
      expect(err.kind).toBe('rate_limited');
      expect(err.retryAfterMs).toBeGreaterThan(0);
      expect(err.retryAfterMs).toBeLessThanOrEqual(5000);
      expect(fake.count429.total).toBe(before);
      // Another worker's client has not seen the headers: the fake answers 429 with Retry-After.
      const other = new DiscordPlatform({ token: TOKEN, restUrl: fake.apiUrl });
      const err2 = await failure(other.send(ch, alert));
      other.close();
      expect(err2.kind).toBe('rate_limited');
      expect(err2.retryAfterMs! % 1000).toBe(0);
      expect(fake.count429.route).toBe(1);
      expect(fake.messages.filter((x) => x.channelId === ch)).toHaveLength(5);
    } finally {
      fake.setRateLimits('off');
    }
  });

  it('a refused connection is retry', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = new DiscordPlatform({ token: TOKEN, restUrl: `http://127.0.0.1:${port}/api` });
    const err = await failure(dead.send(channel(), alert));
    dead.close();
    expect(err.kind).toBe('retry');
  });

  it('a bad token is fatal, not gone (no subscription is dropped for our own misconfiguration)', async () => {
    const bad = new DiscordPlatform({ token: `${TOKEN}-wrong`, restUrl: fake.apiUrl });
    const err = await failure(bad.send(channel(), alert));
    bad.close();
    expect(err.kind).toBe('fatal');
    expect(err.status).toBe(401);
  });

  it('no error message or cause message carries the token', () => {
    expect(seenErrors.length).toBeGreaterThan(10);
    for (const e of seenErrors) {
      const err = e as PlatformError;
      expect(err.message).not.toContain('cascade-test-discord-token');
      expect(String((err.cause as Error | undefined)?.message ?? '')).not.toContain('cascade-test-discord-token');
      expect(err.name).toBe('PlatformError');
    }
    expect(fake.state.counters.mentionViolations).toBe(0);
    expect(fake.state.counters.formErrors).toBe(0);
  });
});
