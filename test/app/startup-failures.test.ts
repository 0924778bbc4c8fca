import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_IDS } from '../fakes/discord/fixtures.js';
import { FakeDiscord } from '../fakes/discord/server.js';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { freePort, TestRedis } from '../helpers/redis.js';
import { cleanEnv, portOpen, privateRedisPort, processesWith, startMain } from './spawn.js';

// Every fatal start-up problem (issue 11): ONE line naming the variable, its value (secrets hidden) and the
// fix; everything started is stopped (the private redis-server too); a non-zero exit, promptly; no stack.

const TG_REFUSED = '987654321:AAHrefusedTokenForTheStartupTest_abcdef';
const DC_REFUSED = 'refused-discord-token-for-the-startup-failure-test-0123456789';
const REDIS_PASSWORD = 'correct-horse-battery';

const tg = new FakeTelegram();
const dc = new FakeDiscord({ token: 'the-token-the-fake-discord-accepts-0123456789abcdefghijkl' });
const locked = new TestRedis(['--requirepass', REDIS_PASSWORD], (port) => `redis://:${REDIS_PASSWORD}@127.0.0.1:${port}`);
let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  await Promise.all([tg.start(), dc.start(), locked.start()]);
  busyPort = await freePort();
  busy = createServer().listen(busyPort, '127.0.0.1');
});
let running: ChildProcess | null = null;
afterEach(() => {
  // Against broken code the process may not exit: never leave it (and its redis-server) behind.
  if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
  running = null;
});
afterAll(async () => {
  busy.close();
  await Promise.all([tg.stop(), dc.stop(), locked.dispose()]);
});

interface Case {
  name: string;
  env: () => Promise<Record<string, string>>;
  code: number;
  line: RegExp;
  secret?: string;
  /** The case fails after the private redis-server started: it must be stopped. */
  privateRedis?: boolean;
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'cascade-fail-'));
const cases: Case[] = [
  { name: 'refused Telegram token', code: 2, privateRedis: true, secret: TG_REFUSED.split(':')[1], env: async () => ({ TELEGRAM_BOT_TOKEN: TG_REFUSED, TELEGRAM_API_ROOT: tg.apiRoot }), line: /^cascade: cannot start: TELEGRAM_BOT_TOKEN=987654321:\(hidden\) was refused by Telegram \(401 Unauthorized\): copy the token again from @BotFather/ },
  { name: 'refused Discord token', code: 2, privateRedis: true, secret: DC_REFUSED, env: async () => ({ DISCORD_TOKEN: DC_REFUSED, DISCORD_APPLICATION_ID: FAKE_IDS.application, DISCORD_REST_URL: dc.apiUrl }), line: /^cascade: cannot start: DISCORD_TOKEN=\(hidden\) was refused by Discord \(401 Unauthorized\): reset the bot token/ },
  { name: 'Bot API unreachable', code: 3, privateRedis: true, env: async () => ({ TELEGRAM_BOT_TOKEN: TG_REFUSED, TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}` }), line: /^cascade: cannot start: TELEGRAM_API_ROOT=http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\): check the network/ },
  { name: 'HTTP_PORT in use', code: 3, env: async () => ({ HTTP_PORT: String(busyPort) }), line: /^cascade: cannot start: HTTP_PORT=\d+ is in use by another program on 127\.0\.0\.1: stop that program or choose a free port/ },
  { name: 'Redis unreachable', code: 3, env: async () => ({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_WAIT_MS: '1500' }), line: /^cascade: cannot start: REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED; waited 2 s\): start Redis there/ },
  { name: 'REDIS_URL port out of range', code: 2, env: async () => ({ REDIS_URL: 'redis://127.0.0.1:99999' }), line: /^cascade: configuration is invalid: REDIS_URL: not usable: port 99999 is outside 1–65535 \(got "redis:\/\/127\.0\.0\.1:99999"\); e\.g\. REDIS_URL=/ },
  { name: 'wrong Redis password', code: 2, secret: 'wrong-password-123', env: async () => ({ REDIS_URL: `redis://:wrong-password-123@127.0.0.1:${locked.port}/2` }), line: /^cascade: cannot start: REDIS_URL=redis:\/\/:\(hidden\)@127\.0\.0\.1:\d+\/2 was refused by Redis \(WRONGPASS: wrong user or password\)/ },
  { name: 'CASCADE_DATA_DIR a file', code: 2, env: async () => {
    const file = join(dataDir(), 'not-a-folder');
    writeFileSync(file, '');
    return { CASCADE_DATA_DIR: file };
  }, line: /^cascade: cannot start: CASCADE_DATA_DIR=\S+not-a-folder cannot hold the private Redis's data \(ENOTDIR: cannot make \S+not-a-folder\/redis\): point CASCADE_DATA_DIR at a folder Cascade can write, or set REDIS_URL/ },
  { name: 'bad rules file', code: 2, env: async () => {
    const file = join(dataDir(), 'rules.yaml');
    writeFileSync(file, 'levelBreak:\n  hysteresisPct: -1\nbogus: 1\n');
    return { RULES_FILE: file };
  }, line: /^cascade: cannot start: RULES_FILE=\S+rules\.yaml is invalid \(2 problems: levelBreak\.hysteresisPct: .*; bogus: unknown key/ },
];

describe('fatal start-up problems: one line, everything stopped, a prompt non-zero exit', () => {
  it.each(cases)('$name', async (c) => {
    const dir = dataDir();
    const app = startMain(cleanEnv({ HTTP_HOST: '127.0.0.1', HTTP_PORT: String(await freePort()), CASCADE_DATA_DIR: dir, ...(await c.env()) }));
    running = app.proc;
    const { code, seconds } = await app.exited;
    const lines = app.stderr().trim().split('\n');
    console.log(`start-up failure | ${c.name} | exit ${code} | ${seconds.toFixed(1)} s | ${lines[lines.length - 1]}`);
    expect(code).toBe(c.code);
    expect(lines[lines.length - 1]).toMatch(c.line);
    expect(lines.filter((l) => l.startsWith('cascade:'))).toHaveLength(1);
    expect(app.out()).not.toMatch(/^\s+at /m); // no stack trace
    if (c.secret) expect(app.out()).not.toContain(c.secret);
    expect(processesWith(dir)).toEqual([]);
    const redisPort = privateRedisPort(app.out());
    expect(redisPort !== null).toBe(c.privateRedis === true);
    if (redisPort !== null) expect(await portOpen(redisPort)).toBe(false); // the private redis-server is gone
    expect(seconds).toBeLessThan(20); // a hang guard, not a timing measurement: the figures are in the note
  }, 40_000);
});
