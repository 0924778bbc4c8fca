import type { IncomingMessage, ServerResponse } from 'node:http';

/** ParsedFile is one multipart `files[n]` part. */
export interface ParsedFile {
  field: string;
  /** n in `files[n]`, or -1 for another part name. */
  index: number;
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** ParsedBody is a request body: the JSON (or `payload_json`) and any uploaded files. */
export interface ParsedBody {
  json: any;
  files: ParsedFile[];
  multipart: boolean;
}

/** Reply is what a fake route answers; the server always sends JSON (discord.js needs it for error codes). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** BadBody: the request body is not JSON or not valid multipart. */
export class BadBody extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'BadBody';
  }
}

/** readBody collects the raw request bytes. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** parseBody reads JSON or multipart/form-data (`payload_json` + `files[n]`, as @discordjs/rest sends). */
export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { json: {}, files: [], multipart: false };
  try {
    if (!type.startsWith('multipart/form-data')) return { json: JSON.parse(raw.toString('utf8')), files: [], multipart: false };
    // Node's fetch Request parses multipart for us (undici's FormData parser).
    const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData();
    const files: ParsedFile[] = [];
    let json: any = {};
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') json = JSON.parse(value);
      else if (typeof value !== 'string') {
        const m = /^files\[(\d+)\]$/.exec(field);
        files.push({ field, index: m ? Number(m[1]) : -1, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { json, files, multipart: true };
  } catch (err) {
    throw new BadBody(`cannot parse ${type || 'body'}`, { cause: err });
  }
}

/** sendReply writes a Reply: JSON with Content-Type, or an empty 204. */
export function sendReply(res: ServerResponse, r: Reply): void {
  const headers = { ...(r.headers ?? {}) };
  if (r.status === 204 || r.body === undefined) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  res.writeHead(r.status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(r.body));
}

/** apiError is Discord's JSON error body (https://discord.com/developers/docs/reference#error-messages). */
export function apiError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}
