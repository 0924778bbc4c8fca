import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { runReplay } from '../src/cli/replay-run.js';
import type { RulesConfig } from '../src/config/rules-schema.js';

/** Measured is one timed pass over a file. */
export interface Measured {
  events: number;
  ms: number;
  alerts?: number;
}

/** bareLoop is the baseline: read the file in 1 MiB chunks, split lines, JSON.parse each one. */
export function bareLoop(file: string): Measured {
  const t = performance.now();
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  const dec = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  let sink = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    const text = carry + dec.write(buf.subarray(0, got));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) {
        sink += JSON.parse(text.slice(start, nl)).ts > 0 ? 1 : 0;
        n++;
      }
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  closeSync(fd);
  if (sink !== n) throw new Error('bare loop read a line without ts');
  return { events: n, ms: performance.now() - t };
}

/** ourReplay is the replay of the engine on the file, printing nothing. */
export function ourReplay(file: string, rules: RulesConfig): Measured {
  const t = performance.now();
  const r = runReplay({ file, rules, json: true, color: false, write: () => {}, writeErr: () => {} });
  return { events: r.stats.events, ms: performance.now() - t, alerts: r.alerts.length };
}

/** rate is events per second. */
export function rate(m: Measured): number {
  return (m.events / m.ms) * 1000;
}

/** interleaved runs two measurements alternately `n` times (so machine load hits both alike); medians. */
export function interleaved(a: () => Measured, b: () => Measured, n = 5): [Measured, Measured] {
  const ra: Measured[] = [];
  const rb: Measured[] = [];
  for (let i = 0; i < n; i++) {
    ra.push(a());
    rb.push(b());
  }
  const med = (r: Measured[]) => r.sort((x, y) => rate(x) - rate(y))[r.length >> 1];
  return [med(ra), med(rb)];
}
