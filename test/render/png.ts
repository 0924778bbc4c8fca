/**
 * A minimal PNG reader for chart tests (8-bit RGB or RGBA, not interlaced: what resvg writes), so tests
 * can look at pixels instead of trusting byte sizes. Spec: https://www.w3.org/TR/png/#9Filters
 */

import { inflateSync } from 'node:zlib';

/** PNG_SIGNATURE is the 8 bytes every PNG starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Image is decoded RGBA pixels, row by row. */
export interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[row + i - bpp] : 0;
      const b = y > 0 ? out[row - stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[row - stride + i - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      out[row + i] = (raw[src + i] + pred) & 0xff;
    }
  }
  return out;
}

/** ihdr reads the width and height from a PNG's header chunk. */
export function ihdr(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  const h = chunks(png).find((c) => c.type === 'IHDR');
  if (!h) throw new Error('no IHDR');
  return { width: h.data.readUInt32BE(0), height: h.data.readUInt32BE(4), bitDepth: h.data[8], colorType: h.data[9] };
}

/** decodePng returns the RGBA pixels of an 8-bit RGB or RGBA PNG. */
export function decodePng(png: Buffer): Image {
  const { width, height, bitDepth, colorType } = ihdr(png);
  if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2)) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colorType}`);
  const bpp = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(chunks(png).filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const px = unfilter(raw, width, height, bpp);
  if (bpp === 4) return { width, height, rgba: px };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < px.length; i += 3, j += 4) rgba.set([px[i], px[i + 1], px[i + 2], 255], j);
  return { width, height, rgba };
}

/** Region is a pixel rectangle [x0, x1) × [y0, y1). */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** countColor counts the pixels of `region` within `tolerance` (per channel) of a #rrggbb colour. */
export function countColor(img: Image, hex: string, region: Region, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let y = Math.max(0, region.y0); y < Math.min(img.height, region.y1); y++) {
    for (let x = Math.max(0, region.x0); x < Math.min(img.width, region.x1); x++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.rgba[i] - r) <= tolerance && Math.abs(img.rgba[i + 1] - g) <= tolerance && Math.abs(img.rgba[i + 2] - b) <= tolerance) n++;
    }
  }
  return n;
}

/** colorRows lists the rows of column `x` (within `y0..y1`) that hold the colour. */
export function colorRows(img: Image, hex: string, x: number, y0: number, y1: number): number[] {
  const rows: number[] = [];
  for (let y = y0; y < y1; y++) if (countColor(img, hex, { x0: x, x1: x + 1, y0: y, y1: y + 1 }) > 0) rows.push(y);
  return rows;
}
