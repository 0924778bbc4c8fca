import type { BacktestProgress } from './backtest-run.js';

/** ProgressLine writes "files done, events/s, ETA" to stderr at most once a second (every 5 s when stderr is not a terminal). */
export class ProgressLine {
  private readonly t0 = Date.now();
  private last = 0;
  private shown = false;

  constructor(private readonly write: (s: string) => void, private readonly tty: boolean) {}

  update(p: BacktestProgress): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? 1_000 : 5_000) && p.filesDone < p.files) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.t0) / 1000);
    const rate = p.events / secs;
    const left = p.bytesDone > 0 ? (secs * (p.bytes - p.bytesDone)) / p.bytesDone : NaN;
    const line = `backtest: ${p.filesDone}/${p.files} files, ${p.events.toLocaleString('en-US')} events, ${Math.round(rate).toLocaleString('en-US')} events/s, ETA ${eta(left)}`;
    this.write(this.tty ? `\r\x1b[K${line}` : `${line}\n`);
    this.shown = true;
  }

  /** done ends a terminal's rewritten line. */
  done(): void {
    if (this.tty && this.shown) this.write('\n');
  }
}

function eta(s: number): string {
  if (!Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
