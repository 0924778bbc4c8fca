import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'cascade-generate-'));

function generate(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/generate.ts', ...args], { encoding: 'utf8', cwd: process.cwd() });
}

describe('npm run generate', () => {
  it('takes its options in any order: --seed N before FILE writes FILE, not a file named N', () => {
    const file = join(dir, 'seeded.ndjson');
    const r = generate(['--calm', '--seed', '7', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^generate: wrote \\d+ events to ${file}\\n$`));
    expect(existsSync(join(process.cwd(), '7'))).toBe(false);
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]);
    expect(first).toHaveProperty('kind');
  });

  it('refuses what it cannot do in one line, writing nothing', () => {
    writeFileSync(join(dir, 'a-file'), '');
    const cases: Array<[string[], RegExp]> = [
      [[dir], /^generate: cannot write .*: .* is a directory\n$/],
      [[join(dir, 'missing', 'day.ndjson')], /^generate: cannot write .*: the folder .*missing does not exist\n$/],
      [[join(dir, 'a-file', 'day.ndjson')], /^generate: cannot write .*: a file stands where a folder should be on the way to .*a-file\/day\.ndjson\n$/],
      [[join(dir, 'x.ndjson'), '--seed'], /^generate: --seed needs an integer/],
      [[join(dir, 'x.ndjson'), '--bogus'], /^generate: unknown option --bogus/],
      [[join(dir, 'x.ndjson'), join(dir, 'y.ndjson')], /^generate: one FILE only/],
    ];
    for (const [args, reason] of cases) {
      const r = generate(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(reason);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(dir, 'x.ndjson'))).toBe(false);
  });

  it('--help prints the usage on stdout and succeeds', () => {
    const r = generate(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run generate -- FILE \[--calm\] \[--seed N\]/);
  });
});
