import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * outputFileProblem says why a CLI could not write a file at `path` (a directory there, a missing or
 * read-only folder), or null. Checked before the work, so a long run does not end in a stack trace.
 */
export function outputFileProblem(path: string): string | null {
  const full = resolve(path);
  const at = statSync(full, { throwIfNoEntry: false });
  if (at?.isDirectory()) return `${path} is a directory`;
  const dir = dirname(full);
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (!parent) return `the folder ${dir} does not exist`;
  if (!parent.isDirectory()) return `${dir} is not a folder`;
  try {
    accessSync(at ? full : dir, constants.W_OK);
  } catch {
    return at ? `${path} is not writable` : `the folder ${dir} is not writable`;
  }
  return null;
}
