import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readEvents, type LineRejection } from '../../src/market/ndjson.js';
import type { MarketEvent } from '../../src/market/types.js';
import { DayRecorder, type RecorderOptions } from '../../src/record/recorder.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 29);

function price(ts: number, p = 85_000, source = 'binance'): MarketEvent {
  return { kind: 'price', ts, source, symbol: 'BTC', price: p };
}

/** A log sink that keeps the lines (the recorder's only way to speak). */
function lines() {
  const out: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (msg: unknown) => void out.push({ level, msg: String(msg) });
  return { out, log: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as RecorderOptions['log'] };
}

function recorder(dir: string, now = T0 + 3_600_000, retentionDays = 0) {
  const l = lines();
  return { rec: DayRecorder.start({ dir, retentionDays, flushMs: 60_000, log: l.log, now: () => now }), logged: l.out };
}

function replay(file: string): { events: MarketEvent[]; rejected: LineRejection[] } {
  const events: MarketEvent[] = [];
  const rejected: LineRejection[] = [];
  readEvents(file, (e) => events.push(e), (r) => rejected.push(r));
  return { events, rejected };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cascade-record-'));

describe('the day recorder', () => {
  it('writes one file per UTC day of the event clock, in the order taken, and gzips a day when the clock leaves it', async () => {
    const dir = tmp();
    const { rec } = recorder(dir);
    const day1 = [price(T0 + 1000), price(T0 + 500, 84_990, 'bybit'), price(T0 + DAY - 1)];
    // The clock passes midnight; a late event from before midnight still goes to the open (new) day, in order.
    const day2 = [price(T0 + DAY + 10), price(T0 + DAY - 200, 84_000, 'okx'), price(T0 + DAY + 20)];
    for (const e of [...day1, ...day2]) rec.record(e);
    await rec.idle();
    expect(readdirSync(dir).sort()).toEqual(['2026-01-29.ndjson.gz', '2026-01-30.ndjson']);
    const closed = join(dir, 'closed.ndjson');
    writeFileSync(closed, gunzipSync(readFileSync(join(dir, '2026-01-29.ndjson.gz'))));
    expect(replay(closed).events).toEqual(day1);
    expect(replay(join(dir, '2026-01-30.ndjson')).events).toEqual(day2);
    rmSync(closed);
    expect(rec.stats.events).toBe(6);
    expect(rec.stats.diskBytes).toBe(readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0));
    await rec.close();
  });

  it('appends after a restart, never truncates; a torn last line (a kill mid-write) costs only that line', async () => {
    const dir = tmp();
    const a = recorder(dir);
    a.rec.record(price(T0 + 1000));
    a.rec.record(price(T0 + 2000));
    await a.rec.close();
    const file = join(dir, '2026-01-29.ndjson');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"kind":"price","ts":17696`); // torn
    const b = recorder(dir);
    b.rec.record(price(T0 + 3000));
    await b.rec.close();
    const r = replay(file);
    expect(r.events.map((e) => e.ts)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(r.rejected).toHaveLength(1);
  });

  it('gzips at start a day a crash left open, and keeps RECORD_RETENTION_DAYS days', async () => {
    const dir = tmp();
    writeFileSync(join(dir, '2026-01-20.ndjson'), `${JSON.stringify(price(T0 - 9 * DAY))}\n`);
    writeFileSync(join(dir, '2026-01-25.ndjson.gz'), '');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const { rec, logged } = recorder(dir, T0 + 3_600_000, 5);
    rec.record(price(T0 + 1000));
    await rec.idle();
    expect(readdirSync(dir).sort()).toEqual(['2026-01-20.ndjson.gz', '2026-01-25.ndjson.gz', '2026-01-29.ndjson', 'notes.txt']);
    rec.record(price(T0 + DAY + 1000)); // 2026-01-30 opens: keep 5 days back from it (from 2026-01-25)
    await rec.idle();
    expect(readdirSync(dir).sort()).toEqual(['2026-01-25.ndjson.gz', '2026-01-29.ndjson.gz', '2026-01-30.ndjson', 'notes.txt']);
    expect(logged.some((l) => /deleted .*2026-01-20\.ndjson\.gz \(older than RECORD_RETENTION_DAYS=5\)/.test(l.msg))).toBe(true);
    await rec.close();
  });

  it('a write error (disk full) is logged once, never reaches the engine, and recording resumes when it can write', async () => {
    const dir = tmp();
    const file = join(dir, '2026-01-29.ndjson');
    symlinkSync('/dev/full', file); // every write: ENOSPC
    const { rec, logged } = recorder(dir);
    for (let i = 0; i < 3; i++) {
      expect(() => rec.record(price(T0 + i))).not.toThrow();
      await rec.idle();
    }
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toMatch(/recording: cannot write .*2026-01-29\.ndjson \(ENOSPC: .*\): alerts go on, recording is paused until it can write again; free disk space where RECORD_DIR=.* is$/);
    expect(rec.stats).toMatchObject({ dropped: 3, writeErrors: 3 });
    rmSync(file); // space again
    rec.record(price(T0 + 10));
    await rec.close();
    expect(logged.filter((l) => l.level === 'info').map((l) => l.msg)).toContain(`recording: writing ${file} again (3 events were not recorded meanwhile)`);
    expect(replay(file).events.map((e) => e.ts)).toEqual([T0 + 10]);
  });

  it('a directory it cannot create is reported at start, before any event, in one line', async () => {
    // Below a dangling symlink (a volume not mounted): listing it finds nothing, making it fails.
    const dir = tmp();
    symlinkSync(join(dir, 'nowhere'), join(dir, 'volume'));
    const { rec, logged } = recorder(join(dir, 'volume', 'recordings'));
    await rec.idle();
    expect(logged.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([expect.stringMatching(/^recording: cannot create .*volume\/recordings \(ENOENT: .*cannot be made there: point RECORD_DIR at a folder on a writable disk$/)]);
    await rec.close();
  });

  it('a directory it cannot create is one error line too', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), '');
    const { rec, logged } = recorder(join(dir, 'file', 'sub'));
    rec.record(price(T0));
    rec.record(price(T0 + 1));
    await rec.close();
    expect(logged.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(logged.find((l) => l.level === 'error')!.msg).toMatch(/ENOTDIR.*RECORD_DIR=.*file\/sub \(or a folder on its path\) is a file, not a folder: point RECORD_DIR at a folder$/);
    expect(existsSync(join(dir, 'file', 'sub'))).toBe(false);
  });
});
