import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger.js';
import { registerSecret, scrub, scrubError } from '../../src/ops/secrets.js';
import { PlatformError } from '../../src/chat/errors.js';

const TG = '7312345678:AAFq3fakeTokenForTests_abcdefghijklmnop';
const DC = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.fakeDiscordTokenForTests_abcdefghijk';
const KEY = 'cg-secret-api-key-123456';

function capture() {
  let out = '';
  const dest = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  return { log: createLogger({ level: 'debug', format: 'json', destination: dest as never }), out: () => out };
}

describe('no secret reaches a log line', () => {
  registerSecret(KEY);
  const cause = new Error(`request to https://api.telegram.org/bot${TG}/sendMessage failed, reason: ECONNRESET`);
  const cases: Array<[string, (log: ReturnType<typeof createLogger>) => void]> = [
    ['message string', (l) => l.info(`calling https://api.telegram.org/bot${TG}/getMe`)],
    ['field', (l) => l.warn({ url: `https://api.telegram.org/bot${TG}/getUpdates` }, 'poll failed')],
    ['field named token', (l) => l.info({ token: 'abc-plain-value-123', discordToken: DC }, 'config')],
    ['error object', (l) => l.error({ err: cause }, 'send failed')],
    ['error with cause', (l) => l.error({ err: new PlatformError('retry', 'network', { cause }) }, 'send failed')],
    ['error as first argument', (l) => l.error(cause)],
    ['nested object', (l) => l.debug({ req: { headers: { authorization: `Bot ${DC}` }, path: `/bot${TG}/x` } }, 'req')],
    ['discord token in text', (l) => l.warn(`login with ${DC} failed`)],
    ['api key', (l) => l.info({ url: `https://open-api.coinglass.com/x?key=${KEY}` }, `fetch with ${KEY}`)],
  ];
  it.each(cases)('%s', (_name, write) => {
    const c = capture();
    write(c.log);
    const out = c.out();
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toContain(TG);
    expect(out).not.toContain(TG.split(':')[1]);
    expect(out).not.toContain(DC);
    expect(out).not.toContain(KEY);
    expect(out).toContain('[REDACTED]');
  });

  it('scrub keeps the rest of the text readable', () => {
    expect(scrub(`POST https://api.telegram.org/bot${TG}/sendMessage 429`)).toBe('POST https://api.telegram.org/bot[REDACTED]/sendMessage 429');
  });

  it('one scrubber for every adapter: the caller\'s own token goes even when nothing registered it, and errors are rewritten in place', () => {
    const own = 'short-lived-adapter-token-xyz';
    expect(scrub(`login with ${own} failed`, own)).toBe('login with [REDACTED] failed');
    const err = new Error(`GET /bot123456:${'A'.repeat(35)}/getMe failed`, { cause: new Error(`token ${own}`) });
    scrubError(err, own);
    expect(err.message).toBe('GET /bot[REDACTED]/getMe failed');
    expect((err.cause as Error).message).toBe('token [REDACTED]');
    expect(scrub('at src/platforms/telegram/bot.ts:12:3')).toBe('at src/platforms/telegram/bot.ts:12:3');
  });
});
