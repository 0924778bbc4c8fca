import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulesFile, MAX_RULES_FILE_BYTES, RulesFileError } from '../../src/config/rules-file.js';
import { MAX_ASSETS } from '../../src/config/rules-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'cascade-rules-'));
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}
function problems(f: string): string[] {
  try {
    loadRulesFile(f);
  } catch (err) {
    if (err instanceof RulesFileError) return err.problems;
    throw err;
  }
  return [];
}

describe('the rules file has bounds (issue 11)', () => {
  it('a 50 MB value is refused by size, and nothing of it is echoed', () => {
    const f = file('huge.yaml', `assets:\n  BTC:\n    levelStep: "${'9'.repeat(MAX_RULES_FILE_BYTES + 10)}"\n`);
    const p = problems(f);
    expect(p).toEqual([expect.stringMatching(/^\d+ bytes: over the 256 KiB a rules file may have$/)]);
  });

  it('a long bad value inside the limit is named by its key and shown in 60 characters at most', () => {
    const p = problems(file('long.yaml', `assets:\n  BTC:\n    levelStep: "${'x'.repeat(100_000)}"\n`));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^assets\.BTC\.levelStep: .*\(got "x{60}…" \(100000 characters\)\)$/);
    expect(p[0].length).toBeLessThan(200);
  });

  it('an unknown top-level key is named without echoing the whole merged config', () => {
    const p = problems(file('bogus.yaml', 'bogus: 1\n'));
    expect(p).toEqual(['bogus: unknown key (rules.example.yaml lists every key)']);
    expect(p[0]).not.toMatch(/levelStep|composite/);
  });

  it(`caps the assets at ${MAX_ASSETS} and the levels at 200 per asset`, () => {
    const many = Array.from({ length: MAX_ASSETS + 1 }, (_, i) => `  A${i}: {levelStep: 1}`).join('\n');
    expect(problems(file('assets.yaml', `assets:\n${many}\n`))).toEqual([expect.stringMatching(/^assets: at most 200 assets \(got a mapping of 204 keys\)$/)]);
    const levels = Array.from({ length: 201 }, (_, i) => 1000 + i).join(', ');
    expect(problems(file('levels.yaml', `assets:\n  BTC:\n    levels: [${levels}]\n`))).toEqual([expect.stringMatching(/^assets\.BTC\.levels: Too big: .*\(got a list of 201\)$/)]);
  });

  it('refuses a level step under 0.1% of the asset\'s own levels, naming the key', () => {
    expect(problems(file('step.yaml', 'assets:\n  BTC:\n    levelStep: 1\n    levels: [85000]\n'))).toEqual([expect.stringMatching(/^assets\.BTC\.levelStep: 1 is under 0\.1% of its level 85000: every tick would cross a level; e\.g\. levelStep: 2000$/)]);
    expect(problems(file('step-ok.yaml', 'assets:\n  BTC:\n    levelStep: 1000\n    levels: [85000]\n'))).toEqual([]);
  });

  it('parses YAML with limits: 60 aliases (yaml\'s own default allows 100) and duplicate keys are refused', () => {
    const aliases = `x: &a 1\nlist: [${Array(60).fill('*a').join(', ')}]\n`;
    expect(problems(file('aliases.yaml', aliases))).toEqual([expect.stringMatching(/^not valid YAML: Excessive alias count/)]);
    expect(problems(file('dup.yaml', 'levelBreak:\n  hysteresisPct: 1\nlevelBreak:\n  hysteresisPct: 2\n'))).toEqual([expect.stringMatching(/^not valid YAML: .*[Mm]ap keys must be unique/)]);
  });

  it('a directory or a device is refused in one line', () => {
    expect(problems(dir)).toEqual(['not a regular file (a directory or a device?)']);
    expect(problems('/dev/zero')).toEqual(['not a regular file (a directory or a device?)']);
  });
});
