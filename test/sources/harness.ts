import type { MarketEvent } from '../../src/market/types.js';
import { sourceConfig, SOURCE_URL_DEFAULTS, type UrlVar } from '../../src/sources/registry.js';
import { Sources, type SourcesOpts } from '../../src/sources/runtime.js';
import type { Gap, SourceId, SourceLogger, SourceReject, SourceSink, Transition } from '../../src/sources/types.js';
import type { FakeVenues } from '../fakes/venues/server.js';

/** RecordingSink keeps everything the sources hand over. */
export class RecordingSink implements SourceSink {
  readonly events: MarketEvent[] = [];
  readonly rejects: SourceReject[] = [];
  readonly gaps: Gap[] = [];
  readonly transitions: Transition[] = [];
  onEvent(ev: MarketEvent): void {
    this.events.push(ev);
  }
  onReject(r: SourceReject): void {
    this.rejects.push(r);
  }
  onGap(g: Gap): void {
    this.gaps.push(g);
  }
  onTransition(t: Transition): void {
    this.transitions.push(t);
  }
}

/** LogLine is one line a MemoryLogger took. */
export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

/** MemoryLogger is a pino-shaped logger that keeps its lines. */
export class MemoryLogger implements SourceLogger {
  readonly lines: LogLine[] = [];
  info(obj: object, msg: string): void {
    this.lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg });
  }
  error(obj: object, msg: string): void {
    this.lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
  /** faults are the warn and error lines. */
  faults(): LogLine[] {
    return this.lines.filter((l) => l.level !== 'info');
  }
}

/** waitFor polls a condition every few ms until it holds, failing after `timeoutMs`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Clock is the wall clock plus an offset a test can move forward. */
export class Clock {
  offset = 0;
  readonly now = (): number => Date.now() + this.offset;
}

/** fakeSources builds Sources with every URL on the fake, short timeouts and collector periods. */
export function fakeSources(
  fake: FakeVenues, enabled: SourceId[], extra: Partial<SourcesOpts> = {}, urls: Partial<Record<UrlVar, string>> = {},
): { sources: Sources; sink: RecordingSink; log: MemoryLogger; clock: Clock } {
  const vars: Partial<Record<UrlVar | 'COINGLASS_API_KEY', string>> = { COINGLASS_API_KEY: fake.coinglassKey };
  for (const k of Object.keys(SOURCE_URL_DEFAULTS) as UrlVar[]) vars[k] = urls[k] ?? (k.endsWith('_WS_URL') ? fake.wsUrl : fake.url);
  const sink = new RecordingSink();
  const log = new MemoryLogger();
  const clock = new Clock();
  const sources = new Sources({
    config: { ...sourceConfig(vars), enabled },
    sink,
    log,
    now: clock.now,
    httpOpts: { connectTimeoutMs: 1_000, totalTimeoutMs: 2_000 },
    backoff: { baseMs: 20, capMs: 100, random: () => 1 },
    ws: { pingIntervalMs: 50, silentMs: 300, readyTimeoutMs: 1_000, tickMs: 20, stableMs: 10_000 },
    tickMs: 20,
    ...extra,
  });
  return { sources, sink, log, clock };
}
