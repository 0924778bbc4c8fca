import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** NAMED_GZ_NOT_GZIP is the reason a file named .gz without gzip's magic bytes is refused. */
export const NAMED_GZ_NOT_GZIP = 'not gzip (it does not start with the gzip magic bytes 1f 8b) although named .gz';

/** hasGzipMagic says whether bytes begin with gzip's magic bytes 1f 8b (RFC 1952 §2.3.1). */
export function hasGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** startsWithGzipMagic is hasGzipMagic of a file's first two bytes. */
export function startsWithGzipMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return hasGzipMagic(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } finally {
    closeSync(fd);
  }
}

/** gunzipFile decompresses `src` to `dst` as a stream (a day of events never sits in memory whole). */
export async function gunzipFile(src: string, dst: string): Promise<void> {
  await pipeline(createReadStream(src), createGunzip(), createWriteStream(dst));
}

/** gunzipReason names what is wrong with a `.gz` file zlib refused, in the operator's words. */
export function gunzipReason(e: { code: string; message: string }): string {
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message)) return 'truncated gzip (unexpected end of file): nothing from it was replayed; copy it again';
  if (/header/i.test(e.message)) return 'not gzip (bad header) although named .gz';
  return `corrupt gzip (${e.code}: ${e.message})`;
}
