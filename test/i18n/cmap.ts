/** A font's character coverage from its `cmap` table (OpenType spec, https://learn.microsoft.com/typography/opentype/spec/cmap): formats 4 and 12. */

import { readFileSync } from 'node:fs';

/** coveredBy returns a test "does this font map code point cp to a glyph?" read from a TTF/OTF file. */
export function coveredBy(file: string): (cp: number) => boolean {
  const b = readFileSync(file);
  const numTables = b.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) if (b.toString('latin1', 12 + i * 16, 16 + i * 16) === 'cmap') cmap = b.readUInt32BE(12 + i * 16 + 8);
  if (cmap < 0) throw new Error(`${file}: no cmap table`);
  const subtables = new Map<string, number>();
  for (let i = 0; i < b.readUInt16BE(cmap + 2); i++) {
    const r = cmap + 4 + i * 8;
    subtables.set(`${b.readUInt16BE(r)},${b.readUInt16BE(r + 2)}`, cmap + b.readUInt32BE(r + 4));
  }
  const f12 = subtables.get('3,10') ?? subtables.get('0,4');
  if (f12 !== undefined && b.readUInt16BE(f12) === 12) {
    const groups: Array<[number, number]> = [];
    for (let i = 0; i < b.readUInt32BE(f12 + 12); i++) groups.push([b.readUInt32BE(f12 + 16 + i * 12), b.readUInt32BE(f12 + 20 + i * 12)]);
    return (cp) => groups.some(([s, e]) => cp >= s && cp <= e);
  }
  const f4 = subtables.get('3,1') ?? subtables.get('0,3');
  if (f4 === undefined || b.readUInt16BE(f4) !== 4) throw new Error(`${file}: no format 4 or 12 Unicode cmap`);
  const seg = b.readUInt16BE(f4 + 6) / 2;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < seg; i++) ranges.push([b.readUInt16BE(f4 + 16 + seg * 2 + i * 2), b.readUInt16BE(f4 + 14 + i * 2)]);
  return (cp) => ranges.some(([s, e]) => cp >= s && cp <= e && cp !== 0xffff);
}
