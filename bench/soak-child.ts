// Child process: run the soak alone, so the bench runner's own modules do not count in RSS.
import { soak } from './soak.js';

const base = process.memoryUsage().rss / 1048576;
process.stdout.write(JSON.stringify({ baseRssMb: base, days: soak(3) }) + '\n');
