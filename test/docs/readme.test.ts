import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_SCHEMA } from '../../src/config/env.js';

// Issue 11: README true to the code.
const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
const example = readFileSync(join(root, '.env.example'), 'utf8');
const main = readFileSync(join(root, 'src/app/main.ts'), 'utf8');

describe('README, .env.example and --help agree with the code', () => {
  it('says the demo is a generated day built from the 2026-01-29 note\'s figures, not a recording', () => {
    expect(readme).toMatch(/The demo day is generated, not recorded: `src\/demo` builds a day .* from the figures of the 2026-01-29 crash note/);
    expect(readme).not.toMatch(/replays the 2026-01-29 crash/);
    expect(readFileSync(join(root, 'src/demo/scenario.ts'), 'utf8')).toMatch(/2026-01-29/);
  });

  it('gives the ledger\'s exact promise: Telegram at most one duplicate per chat per worker crash between send and ledger write, Discord none', () => {
    expect(readme).toContain('on Discord, none');
    expect(readme).toContain('on Telegram, which has no idempotency key, at most one duplicate per chat per crash of a worker between the send and the ledger write');
    expect(readme).not.toMatch(/never posts twice/);
  });

  it('states one fan-out duration, and it matches the figures in the table', () => {
    const tg = Number(/Telegram (\d+\.\d) msg\/s \(9\d\.\d% of 30\)/.exec(readme)![1]);
    const dc = Number(/Discord (\d+\.\d) msg\/s \(9\d\.\d% of 50\)/.exec(readme)![1]);
    const said = /One 10,000-chat fan-out takes about (\d+) minutes on Telegram \((\d+\.\d) msg\/s against its 30\/s\) and (\d)½ on Discord/.exec(readme)!;
    expect(Number(said[1])).toBe(Math.round(10_000 / tg / 60));
    expect(Number(said[2])).toBe(tg);
    expect(Number(said[3]) + 0.5).toBeCloseTo(10_000 / dc / 60, 0);
    expect(readme.match(/about ten minutes/g)).toHaveLength(1);
  });

  it('.env is read, the environment wins, the ops server is on loopback by default: README, .env.example and --help say the same', () => {
    expect(ENV_SCHEMA.shape.HTTP_HOST.parse(undefined)).toBe('127.0.0.1');
    expect(example).toMatch(/^HTTP_HOST=127\.0\.0\.1$/m);
    expect(example).toMatch(/a variable already set in the environment wins/);
    expect(readme).toMatch(/`npm start` reads `\.env` from the current directory .* a variable already set in the environment wins/);
    expect(readme).toMatch(/listen on `127\.0\.0\.1:8080`/);
    expect(main).toMatch(/\.env in the current directory is read at start; a variable set in the environment wins over it/);
    expect(main).toMatch(/default 127\.0\.0\.1:8080; the image uses 0\.0\.0\.0/);
  });
});

describe('issue 15: paid broadcast settings are documented as the code has them', () => {
  it('.env.example, README and --help name TELEGRAM_PAID_BROADCAST and TELEGRAM_PAID_STARS_PER_DAY with their defaults', () => {
    expect(example).toMatch(new RegExp(`^TELEGRAM_PAID_BROADCAST=${ENV_SCHEMA.shape.TELEGRAM_PAID_BROADCAST.parse(undefined)}$`, 'm'));
    expect(example).toMatch(new RegExp(`^TELEGRAM_PAID_STARS_PER_DAY=${ENV_SCHEMA.shape.TELEGRAM_PAID_STARS_PER_DAY.parse(undefined)}$`, 'm'));
    expect(readme).toContain('TELEGRAM_PAID_BROADCAST=critical # off (default) | critical | warning');
    expect(main).toMatch(/TELEGRAM_PAID_BROADCAST=off \| critical \| warning/);
    expect(main).toMatch(/TELEGRAM_PAID_STARS_PER_DAY=1000/);
  });
});
