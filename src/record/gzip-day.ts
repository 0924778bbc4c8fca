import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { appendFile, readFile, rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * gzipDay compresses a closed day file to `<file>.gz` and removes the plain file. It writes `<file>.gz.tmp` and
 * renames it, so a crash half-way leaves the plain file whole (the next start gzips it again). If the day
 * already has a `.gz` (events of a closed day recorded again, e.g. a replayed file), the new part is added as a
 * second gzip member: gunzip reads both, one after the other.
 */
export async function gzipDay(file: string): Promise<string> {
  const gz = `${file}.gz`;
  const tmp = `${gz}.tmp`;
  await pipeline(createReadStream(file), createGzip(), createWriteStream(tmp));
  if (existsSync(gz)) {
    await appendFile(gz, await readFile(tmp));
    await unlink(tmp);
  } else {
    await rename(tmp, gz);
  }
  await unlink(file);
  return gz;
}
