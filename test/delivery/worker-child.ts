// A delivery worker in its own process (for SIGKILL tests): argv = redis port, prefix, receipt url.
import { Redis } from 'ioredis';
import { HttpPlatform } from '../helpers/http-platform.js';
import type { TestRedis } from '../helpers/redis.js';
import { DeliveryHarness } from './harness.js';

const [port, prefix, url] = process.argv.slice(2);
const server = { port: Number(port), client: () => new Redis(Number(port), '127.0.0.1', { maxRetriesPerRequest: null }) } as unknown as TestRedis;
const h = new DeliveryHarness(server, prefix, new HttpPlatform(url));
const w = h.worker(4);
w.on('ready', () => process.send?.('ready'));
