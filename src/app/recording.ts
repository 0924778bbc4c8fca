import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import type { Metrics } from '../ops/metrics.js';
import { DayRecorder } from '../record/recorder.js';

/** startRecording starts the day recorder when RECORD_DIR is set, with its figures on /metrics (disk use, events, losses). */
export function startRecording(cfg: Config, log: Logger, metrics: Metrics): DayRecorder | null {
  if (!cfg.RECORD_DIR) return null;
  const rec = DayRecorder.start({ dir: cfg.RECORD_DIR, retentionDays: cfg.RECORD_RETENTION_DAYS, flushMs: cfg.RECORD_FLUSH_MS, log: log.child({ component: 'record' }) });
  const s = rec.stats;
  const registers = [metrics.registry];
  // A standby that takes over starts the engine part (and so the recorder) in a process that may have had it before.
  for (const name of ['cascade_record_disk_bytes', 'cascade_record_events_total', 'cascade_record_dropped_events_total', 'cascade_record_write_errors_total']) metrics.registry.removeSingleMetric(name);
  new Gauge({ name: 'cascade_record_disk_bytes', help: 'Bytes of recorded day files in RECORD_DIR (plain and gzipped)', registers, collect() { this.set(s.diskBytes); } });
  new Counter({ name: 'cascade_record_events_total', help: 'Market events handed to the recorder', registers, collect() { this.reset(); this.inc(s.events); } });
  new Counter({ name: 'cascade_record_dropped_events_total', help: 'Market events the recorder could not write (disk full, permissions)', registers, collect() { this.reset(); this.inc(s.dropped); } });
  new Counter({ name: 'cascade_record_write_errors_total', help: 'Recorder disk errors (write, gzip, delete)', registers, collect() { this.reset(); this.inc(s.writeErrors); } });
  log.info(`recording every market event to ${cfg.RECORD_DIR} (one file per UTC day, kept ${cfg.RECORD_RETENTION_DAYS === 0 ? 'forever' : `${cfg.RECORD_RETENTION_DAYS} days`})`);
  return rec;
}
