import { ConfigError, parseEnv } from '../config/env.js';
import { RulesFileError } from '../config/rules-file.js';
import { createLogger } from '../ops/logger.js';
import { startApp } from './app.js';
import { RedisUnavailableError } from './redis.js';

const HELP = `Usage: npm start            (configure with environment variables; see .env.example)

Runs Cascade: venue collectors and scheduled pulls feed the crash-detection engine; alerts go to
subscribed Telegram groups and Discord channels through the delivery queue (BullMQ on Redis).

  With no chat token set, alerts print to this terminal.
  With REDIS_URL unset and redis-server on the PATH, a private Redis is started (data in .cascade/redis).
  ROLE=all (default) | engine (collectors, engine, jobs, bots) | delivery (delivery workers only).
  SOURCES=all (default) | none | a list of venues (binance,bybit,okx,hyperliquid,coinbase,yahoo,coinglass).
  REPLAY_FILE=FILE feeds a recorded MarketEvent file instead of the live venues (REPLAY_SPEED event-seconds per second).
  OPS_CHAT=telegram:<chat id> | discord:<channel id> receives operator notices (a feed stale, then recovered).
  DELIVERY_GROUP_WAIT_MS=3000: an alert that could set off a cascade waits this long before it is posted alone.
  Health: GET /healthz, /readyz, /metrics on HTTP_HOST:HTTP_PORT (default 0.0.0.0:8080).`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  let cfg;
  try {
    cfg = parseEnv(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cascade: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
  const log = createLogger({ level: cfg.LOG_LEVEL, format: cfg.LOG_FORMAT });
  let app;
  try {
    app = await startApp(cfg, log, { dataDir: cfg.CASCADE_DATA_DIR });
  } catch (err) {
    if (err instanceof RedisUnavailableError || err instanceof RulesFileError) {
      log.fatal(err.message);
      process.exitCode = 2;
      return;
    }
    log.fatal({ err }, 'Cascade failed to start');
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: stopping`);
    const force = setTimeout(() => {
      log.error('shutdown took over 20 s: exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    void app!.stop().then(() => process.exit(0), (err) => {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

void main();
