import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirSync } from '../../src/ops/make-dir.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'cascade-make-dir-'));

describe('makeDir: mkdir -p that always ends', () => {
  it('makes missing parents, and takes an existing folder as it is', () => {
    const root = tmp();
    makeDirSync(join(root, 'a', 'b', 'c'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeDirSync(join(root, 'a', 'b'));
    makeDirSync(join(root, 'a', 'b', 'c'));
  });

  it('refuses a file in the way with ENOTDIR', () => {
    const root = tmp();
    writeFileSync(join(root, 'f'), '');
    expect(() => makeDirSync(join(root, 'f'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeDirSync(join(root, 'f', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node's recursive mkdir spins forever here (procfs answers ENOENT for a child of /proc). The call runs in a
  // child process with a deadline, so a regression fails the test instead of hanging the suite.
  it.runIf(existsSync('/proc/self'))('fails under /proc instead of spinning forever', () => {
    const script = `import('${join(process.cwd(), 'src/ops/make-dir.ts')}').then((m) => { try { m.makeDirSync('/proc/cascade-make-dir-test/sub'); } catch (e) { console.log(e.code); } })`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
