/** MultipartFile is one uploaded file part, its bytes kept exactly. */
export interface MultipartFile {
  filename: string;
  contentType?: string;
  data: Buffer;
}

/** Multipart is a parsed multipart/form-data body: text fields (numbers arrive as strings) and file parts. */
export interface Multipart {
  fields: Record<string, string>;
  files: Record<string, MultipartFile>;
}

/** MultipartError is a malformed multipart body (the fake answers 400). */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** boundaryOf reads the boundary parameter of a multipart/form-data content type. */
export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** parseMultipart splits a multipart/form-data body (RFC 7578) into fields and files. */
export function parseMultipart(body: Buffer, boundary: string): Multipart {
  const delimiter = Buffer.from(`--${boundary}`);
  const out: Multipart = { fields: {}, files: {} };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('no opening boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return out;
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw new MultipartError('boundary not followed by CRLF');
    const headerEnd = body.indexOf(HEADER_END, pos + 2);
    if (headerEnd < 0) throw new MultipartError('part without header end');
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4);
    if (next < 0) throw new MultipartError('part without closing boundary');
    const headers = parseHeaders(body.subarray(pos + 2, headerEnd).toString('utf8'));
    const disposition = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    if (name === undefined) throw new MultipartError('part without a name');
    const data = body.subarray(headerEnd + 4, next);
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    if (filename !== undefined) out.files[name] = { filename, contentType: headers['content-type'], data: Buffer.from(data) };
    else out.fields[name] = data.toString('utf8');
    pos = next + CRLF.length;
  }
}
