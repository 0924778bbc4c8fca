import { usageLine, UsageError } from './dispatch.js';
import { textsFor, type Texts } from '../src/i18n/catalogue.js';
import { DURATION_ECHO, MAX_DURATION_MS, parseDuration, type DurationProblem } from '../src/render/format.js';
import type { CommandContext } from './types.js';

const ASSET_RE = /^[A-Z0-9]{2,20}$/;
const MAX_ASSETS = 20;
const DAY_MS = 86_400_000;

/** Asking is what a refusal needs: the chat's catalogue and the example to show with the reason. */
export interface Asking {
  x: Texts;
  example: string;
}

/** asking binds a command's context to the example its refusals show. */
export function asking(ctx: Pick<CommandContext, 'locale'>, example: string): Asking {
  return { x: textsFor(ctx.locale), example };
}

/** usage throws the one-line reason with the example, in the chat's language. */
export function usage(a: Asking, reason: string): never {
  throw new UsageError(usageLine(a.x, reason, a.example));
}

/** parseAssets reads "btc, ETH sol" into known upper-case assets, refusing unknown ones by name. */
export function parseAssets(a: Asking, text: string, known: readonly string[]): string[] {
  const x = a.x;
  const items = text.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
  if (items.length === 0) usage(a, x.t('cmd.parse.noAsset'));
  if (items.length > MAX_ASSETS) usage(a, x.t('cmd.parse.tooManyAssets', { max: MAX_ASSETS }));
  for (const s of items) {
    if (!ASSET_RE.test(s)) usage(a, x.t('cmd.parse.notAsset', { text: s.slice(0, 24) }));
    if (!known.includes(s)) usage(a, x.t('cmd.parse.unknownAsset', { asset: s, known: x.list(known.slice(0, 12)) }));
  }
  return [...new Set(items)];
}

/** parseLevel reads a positive price level such as "85000" or "85,000" or "2.8k". */
export function parseLevel(a: Asking, text: string): number {
  const m = /^(\d{1,12}(?:[.,]\d{3})*(?:\.\d+)?)(k)?$/i.exec(text.trim());
  if (!m) usage(a, a.x.t('cmd.parse.notLevel', { text: text.slice(0, 24) }));
  const v = Number(m[1].replace(/,/g, '')) * (m[2] ? 1000 : 1);
  if (!(v > 0 && v < 1e9)) usage(a, a.x.t('cmd.parse.levelRange'));
  return v;
}

/** durationReason is the chat-language reason a text is not a duration. */
function durationReason(a: Asking, text: string, problem: DurationProblem): string {
  if (problem === 'zero') return a.x.t('cmd.parse.zeroDuration');
  if (problem === 'tooLong') return a.x.t('cmd.parse.longDuration', { days: MAX_DURATION_MS / DAY_MS });
  return a.x.t('cmd.parse.notDuration', { text: text.trim().slice(0, DURATION_ECHO) });
}

/** parseMs reads a duration such as 30m, 2h or 1d (at most 30 days), refusing anything else with its reason. */
export function parseMs(a: Asking, text: string): number {
  const ms = parseDuration(text);
  if (typeof ms === 'string') usage(a, durationReason(a, text, ms));
  return ms;
}

/** parseWindow reads a window such as 1h, 4h, 24h (or 1d) within [1m, max]. */
export function parseWindow(a: Asking, text: string | undefined, fallbackMs: number, maxMs = 7 * DAY_MS): number {
  if (!text) return fallbackMs;
  const ms = parseMs(a, text);
  if (ms < 60_000 || ms > maxMs) usage(a, a.x.t('cmd.parse.windowRange', { days: maxMs / DAY_MS }));
  return ms;
}
