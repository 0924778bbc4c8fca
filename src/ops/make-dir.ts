import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

// `mkdir -p` that always ends. Node's own recursive mkdir (sync and async) spins at full CPU forever where the
// kernel answers ENOENT for a child of a folder that exists, as /proc does: a RECORD_DIR or CASCADE_DATA_DIR
// under /proc hung Cascade. Here, once the parent is there, a second ENOENT is final.

type Errno = NodeJS.ErrnoException;

function notAFolder(dir: string): Errno {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
}

/** makeDirSync makes `dir` and any missing parents; an existing folder is fine, anything else there is ENOTDIR. */
export function makeDirSync(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (err) {
    const code = (err as Errno).code;
    if (code === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw notAFolder(dir);
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
  }
  makeDirSync(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as Errno).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw err;
  }
}
