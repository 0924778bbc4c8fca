// Child process: replay the bench day alone and report peak RSS, so nothing else pollutes the figure.
import { benchRules } from './day.js';
import { ourReplay, rate } from './loops.js';

const file = process.argv[2];
const m = ourReplay(file, benchRules());
process.stdout.write(JSON.stringify({ events: m.events, rate: rate(m), maxRssMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 1048576 }) + '\n');
