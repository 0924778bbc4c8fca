import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDir, makeDirSync } from '../../src/ops/make-dir.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'cascade-make-dir-'));

describe('makeDir: mkdir -p that always ends', () => {
  it('makes missing parents, and takes an existing folder as it is', async () => {
    const root = tmp();
    await makeDir(join(root, 'a', 'b', 'c'));
    makeDirSync(join(root, 'x', 'y'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(statSync(join(root, 'x', 'y')).isDirectory()).toBe(true);
    await makeDir(join(root, 'a', 'b'));
    makeDirSync(join(root, 'x'));
  });

  it('refuses a file in the way with ENOTDIR', async () => {
    const root = tmp();
    writeFileSync(join(root, 'f'), '');
    await expect(makeDir(join(root, 'f'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDir(join(root, 'f', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(() => makeDirSync(join(root, 'f'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node's recursive mkdir spins forever here (procfs answers ENOENT for a child of /proc). The synchronous call
  // runs in a child process with a deadline, so a regression fails the test instead of hanging the suite.
  it.runIf(existsSync('/proc/self'))('fails under /proc instead of spinning forever, sync and async', async () => {
    await expect(makeDir('/proc/cascade-make-dir-test/sub')).rejects.toMatchObject({ code: 'ENOENT' });
    const script = `import('${join(process.cwd(), 'src/ops/make-dir.ts')}').then((m) => { try { m.makeDirSync('/proc/cascade-make-dir-test/sub'); } catch (e) { console.log(e.code); } })`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
