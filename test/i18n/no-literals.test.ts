import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource, type Mode } from './literals.js';

const ROOT = join(import.meta.dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Every file that builds what a chat (or the replay's reader) sees. src/i18n is not here: it is the catalogues' and
 * formatters' own folder. Left out as not a chat's: the platforms' HTTP, error-classification and transport files
 * (operator log lines), src/cli's usage and diagnostics (the operator's terminal), src/app's wiring.
 */
const SCANNED = [
  ...walk('commands'), ...walk('jobs'), ...walk('src/summary'), ...walk('src/alerts'),
  'src/cli/human.ts', 'src/cli/replay-run.ts', 'src/app/chart.ts', 'src/app/console.ts',
  'src/platforms/telegram/bot.ts', 'src/platforms/telegram/commands.ts', 'src/platforms/telegram/render.ts', 'src/platforms/telegram/channel-post.ts',
  'src/platforms/discord/bot.ts', 'src/platforms/discord/interaction.ts', 'src/platforms/discord/slash.ts',
  'src/platforms/discord/render.ts', 'src/platforms/discord/text.ts',
  'src/delivery/producer.ts', 'src/delivery/worker.ts', 'src/delivery/payloads.ts', 'src/delivery/render.ts', 'src/delivery/plan.ts',
];

/** The files still writing English of their own: none (a file converted leaves the list; the list must stay empty). */
const ALLOWED: Record<string, string> = {};

const modeOf = (file: string): Mode => (file.startsWith('commands/') ? 'command' : file.startsWith('jobs/') ? 'job' : 'other');
const scan = (file: string) => scanSource(file, readFileSync(join(ROOT, file), 'utf8'), modeOf(file));

describe('no user-facing string is built outside the catalogue', () => {
  for (const file of SCANNED.filter((f) => !(f in ALLOWED))) {
    it(file, () => expect(scan(file).map((f) => `${file}:${f.line} ${JSON.stringify(f.text)}`)).toEqual([]));
  }

  it('the allowlist is empty: every scanned file takes its words from the catalogue', () => {
    expect(ALLOWED).toEqual({});
  });

  it('every allowlisted file is scanned and still needs its entry (a converted file leaves the list)', () => {
    for (const file of Object.keys(ALLOWED)) {
      expect(SCANNED, file).toContain(file);
      expect(scan(file).length, file).toBeGreaterThan(0);
    }
  });

  it('covers every command and job file', () => {
    expect(SCANNED.filter((f) => f.startsWith('commands/')).length).toBeGreaterThanOrEqual(13);
    expect(relative(ROOT, join(ROOT, 'commands', 'settings.ts'))).toBe('commands/settings.ts');
  });
});

describe('the scanner', () => {
  const leaks: Array<[string, string, Mode]> = [
    ['a command returning its own line', `export const c = { async run() { return 'Muted for now'; } };`, 'command'],
    ['a single word a command answers with', `export const c = { async run(ctx) { return ctx.ok ? x.t('cmd.ok') : 'nothing'; } };`, 'command'],
    ['a message title', `const m = { title: 'Prices', blocks: [] };`, 'other'],
    ['a footer built in a template', 'const m = { footer: `as of ${when}` };', 'other'],
    ['a reply built in a template', 'await i.reply({ content: `Unknown command /${name}. Try /help.` });', 'other'],
    ['a usage error spelled in code', `throw new UsageError('That is not a level');`, 'command'],
    ['a list item', `items.push('By venue: ' + list);`, 'other'],
    ['Chinese outside the catalogue', `const s = '已静音';`, 'other'],
  ];
  it.each(leaks)('flags %s', (_name, src, mode) => expect(scanSource('x.ts', src, mode)).toHaveLength(1));

  const fine: Array<[string, string, Mode]> = [
    ['catalogue keys', `return x.t('cmd.settings.title', { subscribed: ok ? 'yes' : 'no' });`, 'command'],
    ['log lines', `log.warn({ err }, 'Telegram setMyCommands failed; the menu may be stale');`, 'other'],
    ['operator errors', `throw new SlashCommandError('command name is invalid for Discord');`, 'other'],
    ['an Error class naming itself', `class UsageError extends Error { constructor(m: string) { super(m); this.name = 'UsageError'; } }`, 'command'],
    ['comparisons and cases', `if (a === 'add all') return 1; switch (k) { case 'quiet hours': break; }`, 'command'],
    ['command examples', `const c = { example: '/settings timezone Asia/Shanghai' };`, 'command'],
    ['a job describing itself to the scheduler', `export const j = { description: 'Post the 24h summary', async run() { return 'none due'; } };`, 'job'],
    ['module paths and types', `import { x } from '../src/i18n/catalogue.js'; type K = 'a b';`, 'other'],
  ];
  it.each(fine)('leaves %s alone', (_name, src, mode) => expect(scanSource('x.ts', src, mode)).toEqual([]));
});
