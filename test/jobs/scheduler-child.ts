// One replica for the scheduler test: argv = redis port, prefix, every ms. Counts each tick it runs in Redis.
import { Redis } from 'ioredis';
import pino from 'pino';
import type { JobDef } from '../../jobs/types.js';
import { parseEnv } from '../../src/config/env.js';
import { JobScheduler } from '../../src/app/scheduler.js';

const [port, prefix, every] = process.argv.slice(2);
const redis = new Redis(Number(port), '127.0.0.1', { maxRetriesPerRequest: null });
const tick: JobDef<null> = {
  name: 'tick',
  description: 'counts ticks',
  everyMs: () => Number(every),
  async run({ tickId }) {
    await redis.multi().hincrby(`${prefix}:runs`, tickId, 1).hincrby(`${prefix}:by-pid`, String(process.pid), 1).rpush(`${prefix}:times`, String(Date.now())).exec();
  },
};
const cfg = parseEnv({});
const s = new JobScheduler([tick], cfg, { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null }, prefix, pino({ level: 'silent' }), null);
await s.schedule();
s.start();
process.send?.('ready');
process.on('SIGTERM', () => void s.stop().then(() => process.exit(0)));
