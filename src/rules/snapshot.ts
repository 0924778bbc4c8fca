import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { AlertLog } from '../alerts/log.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { CompositeBook } from '../market/composite.js';
import { History } from '../market/history.js';
import { LeverageHistory } from '../market/leverage-history.js';
import { LeverageState, OiSeries } from '../market/leverage.js';
import { PositionBook } from '../market/positions.js';
import { MarketMemory } from '../market/memory.js';
import { MinuteColumns } from '../market/minute-columns.js';
import { RollingLiquidations } from '../market/rolling.js';
import { WindowedSeries } from '../market/series.js';
import { MarketState } from '../market/state.js';
import { Engine } from './engine.js';

/** The classes an engine is made of: a snapshot records which one each object was, to rebuild it. */
const CLASSES: Record<string, { prototype: object }> = {
  Engine, MarketMemory, MarketState, CompositeBook, WindowedSeries, RollingLiquidations, History, MinuteColumns, AlertLog,
  LeverageState, OiSeries, LeverageHistory, PositionBook,
};
/**
 * SNAPSHOT_VERSION 3: the memory gained open interest, funding and tracked accounts' positions (and their
 * history), the rules leverage_flush and whale episodes; a v2 snapshot starts fresh.
 */
const SNAPSHOT_VERSION = 3;

type Tagged = unknown;

/**
 * tag turns the engine graph into plain data v8.serialize can carry, recording each object's class.
 * Shared references stay shared (the same tagged object; v8 keeps identity), e.g. an asset's state held
 * both by the market and by the engine's asset table.
 */
function tag(v: unknown, memo = new Map<object, Tagged>()): Tagged {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (v instanceof Map) {
    const out: { __map: Array<[unknown, Tagged]> } = { __map: [] };
    memo.set(v, out);
    for (const [k, x] of v) out.__map.push([k, tag(x, memo)]);
    return out;
  }
  if (v instanceof Set) {
    const out = { __set: [...v] };
    memo.set(v, out);
    return out;
  }
  if (Array.isArray(v)) {
    const out: Tagged[] = [];
    memo.set(v, out);
    for (const x of v) out.push(tag(x, memo));
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  const cls = Object.entries(CLASSES).find(([, c]) => c.prototype === proto)?.[0];
  const fields: Record<string, Tagged> = {};
  const out = cls ? { __class: cls, fields } : fields;
  memo.set(v, out);
  for (const [k, x] of Object.entries(v)) fields[k] = tag(x, memo);
  return out;
}

/** untag rebuilds the graph (classes, Maps, Sets, shared references) from tagged data. */
function untag(v: Tagged, memo = new Map<object, unknown>()): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v) out.push(untag(x, memo));
    return out;
  }
  const o = v as Record<string, unknown>;
  if (o.__map) {
    const out = new Map();
    memo.set(v, out);
    for (const [k, x] of o.__map as Array<[unknown, Tagged]>) out.set(k, untag(x, memo));
    return out;
  }
  if (o.__set) {
    const out = new Set(o.__set as unknown[]);
    memo.set(v, out);
    return out;
  }
  const isClass = typeof o.__class === 'string';
  if (isClass && !CLASSES[o.__class as string]) throw new Error(`snapshot names an unknown class ${String(o.__class)}`);
  const out: Record<string, unknown> = isClass ? Object.create(CLASSES[o.__class as string].prototype) : {};
  memo.set(v, out);
  for (const [k, x] of Object.entries((isClass ? o.fields : o) as Record<string, Tagged>)) out[k] = untag(x, memo);
  return out;
}

/** rulesHash identifies a rule configuration: rule state is only restored under the same rules. */
export function rulesHash(rules: RulesConfig): string {
  return createHash('sha1').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
}

/** snapshotEngine serializes an engine's whole state (windows, rule memory, summary history). */
export function snapshotEngine(engine: Engine, now: number): Buffer {
  return serialize({ version: SNAPSHOT_VERSION, savedAt: now, rulesHash: rulesHash(engine.rules), engine: tag(engine) });
}

/**
 * restoreEngine rebuilds an engine from a snapshot. Under the same rules everything comes back; under
 * changed rules only the market windows and the summary history do (rule memory starts fresh, levels
 * are learned again from the next composite). Returns null for a snapshot it cannot read.
 */
export function restoreEngine(buf: Buffer, rules: RulesConfig): { engine: Engine; savedAt: number; rulesChanged: boolean } | null {
  let snap: { version: number; savedAt: number; rulesHash: string; engine: Tagged };
  let old: Engine;
  try {
    snap = deserialize(buf);
    if (snap?.version !== SNAPSHOT_VERSION) return null;
    old = untag(snap.engine) as Engine;
  } catch {
    return null;
  }
  old.memory.history.restored();
  if (snap.rulesHash === rulesHash(rules)) {
    old.restored();
    return { engine: old, savedAt: snap.savedAt, rulesChanged: false };
  }
  const fresh = new Engine(rules);
  fresh.market.clock = old.market.clock;
  fresh.memory.adoptHistory(old.history);
  fresh.alerts.items.push(...old.alerts.items);
  return { engine: fresh, savedAt: snap.savedAt, rulesChanged: true };
}
