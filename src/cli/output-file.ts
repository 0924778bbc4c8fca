import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * outputFileProblem says why a CLI could not write a file at `path` (a directory there, a missing or
 * read-only folder, a file where a folder should be), or null. Checked before the work, so a long run does
 * not end in a stack trace.
 */
export function outputFileProblem(path: string): string | null {
  const full = resolve(path);
  const dir = dirname(full);
  const at = look(full);
  if (typeof at === 'string') return at;
  if (at?.isDirectory()) return `${path} is a directory`;
  const parent = look(dir);
  if (typeof parent === 'string') return parent;
  if (!parent) return `the folder ${dir} does not exist`;
  if (!parent.isDirectory()) return `${dir} is not a folder`;
  try {
    accessSync(at ? full : dir, constants.W_OK);
  } catch {
    return at ? `${path} is not writable` : `the folder ${dir} is not writable`;
  }
  return null;
}

/** look stats a path: its Stats, undefined when nothing is there, or why it cannot be looked at (a file on the way: ENOTDIR). */
function look(p: string): Stats | undefined | string {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? `a file stands where a folder should be on the way to ${p}` : `cannot look at ${p} (${code ?? (err as Error).message})`;
  }
}
