import { UsageError } from './dispatch.js';
import { parseDuration } from '../src/render/format.js';
import type { Command } from './services.js';

const ASSET_RE = /^[A-Z0-9]{2,20}$/;
const MAX_ASSETS = 20;

/** usage throws the one-line reason with the command's example. */
export function usage(def: Pick<Command, 'example'>, reason: string): never {
  throw new UsageError(`${reason}. Example: ${def.example}`);
}

/** parseAssets reads "btc, ETH sol" into known upper-case assets, refusing unknown ones by name. */
export function parseAssets(def: Command, text: string, known: readonly string[]): string[] {
  const items = text.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
  if (items.length === 0) usage(def, 'Name at least one asset');
  if (items.length > MAX_ASSETS) usage(def, `At most ${MAX_ASSETS} assets`);
  for (const a of items) {
    if (!ASSET_RE.test(a)) usage(def, `"${a.slice(0, 24)}" is not an asset symbol`);
    if (!known.includes(a)) usage(def, `Unknown asset ${a}; known: ${known.slice(0, 12).join(', ')}`);
  }
  return [...new Set(items)];
}

/** parseLevel reads a positive price level such as "85000" or "85,000" or "2.8k". */
export function parseLevel(def: Command, text: string): number {
  const m = /^(\d{1,12}(?:[.,]\d{3})*(?:\.\d+)?)(k)?$/i.exec(text.trim());
  if (!m) usage(def, `"${text.slice(0, 24)}" is not a price level`);
  const v = Number(m[1].replace(/,/g, '')) * (m[2] ? 1000 : 1);
  if (!(v > 0 && v < 1e9)) usage(def, 'A level must be a positive price below 1,000,000,000');
  return v;
}

/** parseWindow reads a window such as 1h, 4h, 24h (or 1d) within [min, max]. */
export function parseWindow(def: Command, text: string | undefined, fallbackMs: number, maxMs = 7 * 86_400_000): number {
  if (!text) return fallbackMs;
  const ms = parseDuration(text.trim());
  if (typeof ms === 'string') usage(def, ms);
  if (ms < 60_000 || ms > maxMs) usage(def, `The window must be between 1m and ${maxMs / 86_400_000}d`);
  return ms;
}
