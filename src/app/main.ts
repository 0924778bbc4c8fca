import { existsSync } from 'node:fs';
import { ConfigError, parseEnv } from '../config/env.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { scrub } from '../ops/secrets.js';
import { startApp, type RunningApp } from './app.js';
import { EXIT_CONFIG, StartupError } from './startup-error.js';

const HELP = `Usage: npm start            (configure in .env or the environment; see .env.example)

Runs Cascade: venue collectors and scheduled pulls feed the crash-detection engine; alerts go to
subscribed Telegram groups and Discord channels through the delivery queue (BullMQ on Redis).

  .env in the current directory is read at start; a variable set in the environment wins over it.
  With no chat token set, alerts print to this terminal.
  With REDIS_URL unset and redis-server on the PATH, a private Redis is started (data in .cascade/redis).
  REDIS_URL=redis[s]://[user:password@]host[:port][/db]: every part is used by every connection.
  ROLE=all (default) | engine (collectors, engine, jobs, bots) | delivery (delivery workers only).
  Engine standby: start a second ROLE=engine (or all) process; it waits on standby and takes over within
  ENGINE_LEASE_MS (+ a third of it) when the active one dies. REDIS_SENTINELS=host:port,… with REDIS_SENTINEL_NAME
  finds the Redis master through Sentinel. OUTBOX_MAX alerts wait in memory while Redis is unreachable.
  SOURCES=all (default) | none | a list of venues (binance,bybit,okx,hyperliquid,coinbase,yahoo,coinglass).
  REPLAY_FILE=FILE feeds a recorded MarketEvent file instead of the live venues (REPLAY_SPEED event-seconds per second).
  RECORD_DIR=DIR records every event the engine takes, one NDJSON file per UTC day (gzipped when the day closes;
    RECORD_RETENTION_DAYS=90 kept): replay it, or npm run backtest -- DIR to count the alerts rules would send.
  OPS_CHAT=telegram:<chat id> | discord:<channel id> receives operator notices (a feed stale, then recovered).
  DELIVERY_GROUP_WAIT_MS=3000: an alert that could set off a cascade waits this long before it is posted alone.
  TELEGRAM_PAID_BROADCAST=off | critical | warning: Telegram paid broadcast (up to 1,000 msg/s, 0.1 Star a message
    above the free 30/s) for those alerts, within TELEGRAM_PAID_STARS_PER_DAY=1000 Stars a UTC day, then the free rate.
  Health: GET /healthz, /readyz, /metrics on HTTP_HOST:HTTP_PORT (default 127.0.0.1:8080; the image uses 0.0.0.0).

A start-up problem is one line naming the variable, its value (secrets hidden) and the fix; exit code 2
means a value must change (token refused, bad URL, bad rules file), 3 that something is unreachable or busy
(an API, Redis, the port). Ctrl-C or SIGTERM stops cleanly: in-flight sends finish, state is saved.`;

/** STOP_DEADLINE_MS: a graceful stop that takes longer than this exits anyway (compose gives 30 s). */
const STOP_DEADLINE_MS = 20_000;
/** LEASE_LOST is the stop reason of an engine that found its lease taken (exit 1: a supervisor restarts it, on standby). */
const LEASE_LOST = 'LEASE_LOST';
/** PARENT_CHECK_MS: how often Cascade checks that the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * watchParent calls `stop` when the process that started Cascade goes away without passing a signal on:
 * `npm start` runs `sh -c node …`, and a SIGTERM to npm ends npm and the shell but never reaches node,
 * which would be left running as an orphan (with its private redis-server). Under Docker node is PID 1
 * (no parent to lose) and under systemd its parent is PID 1: neither ever trips this.
 */
function watchParent(stop: (why: string) => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop('PARENT_EXITED');
  }, PARENT_CHECK_MS);
  timer.unref();
}

/** loadDotEnv reads ./.env with Node's own parser; variables already in the environment win (process.loadEnvFile never overrides). */
function loadDotEnv(): void {
  if (!existsSync('.env')) return;
  if (typeof process.loadEnvFile !== 'function') {
    process.stderr.write(`cascade: cannot read .env: Node ${process.versions.node} is too old (20.12 or later reads it); export the variables instead\n`);
    return;
  }
  process.loadEnvFile('.env');
}

function exit(log: Logger | null, code: number): void {
  if (!log) return process.exit(code);
  log.flush(() => process.exit(code));
  setTimeout(() => process.exit(code), 1_000).unref();
}

function fatal(err: unknown, log: Logger): void {
  if (err instanceof StartupError) {
    process.stderr.write(`${scrub(err.line())}\n`);
    return exit(log, err.exitCode);
  }
  log.fatal({ err }, 'Cascade failed to start: an unexpected error (please report it with this log line)');
  exit(log, 1);
}

function onSignals(app: RunningApp, log: Logger): (signal: string) => void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const why = signal === 'PARENT_EXITED' ? 'the process that started Cascade exited: stopping' : signal === LEASE_LOST ? 'this engine lost its lease to another: stopping (restart it: it comes back on standby)' : `${signal}: stopping`;
    log.info({ signal }, why);
    setTimeout(() => {
      log.error(`shutdown took over ${STOP_DEADLINE_MS / 1000} s: exiting`);
      exit(log, 1);
    }, STOP_DEADLINE_MS).unref();
    void app.stop().then(() => exit(log, signal === LEASE_LOST ? 1 : 0), (err) => {
      log.error({ err }, 'error while stopping');
      exit(log, 1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  return shutdown;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  loadDotEnv();
  let cfg;
  try {
    cfg = parseEnv(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`cascade: ${err.message}\n`);
    return exit(null, EXIT_CONFIG);
  }
  const log = createLogger({ level: cfg.LOG_LEVEL, format: cfg.LOG_FORMAT });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  // A signal during start-up is kept: start-up finishes (or fails and cleans up), then Cascade stops.
  let pending: string | null = null;
  const early = (signal: string) => {
    pending ??= signal;
    log.info({ signal }, `${signal}: stopping as soon as start-up ends`);
  };
  process.on('SIGTERM', early).on('SIGINT', early).on('SIGHUP', early);
  let stopNow: ((why: string) => void) | null = null;
  watchParent((why) => (stopNow ? stopNow(why) : early(why)));
  let app: RunningApp;
  try {
    app = await startApp(cfg, log, { dataDir: cfg.CASCADE_DATA_DIR, onLeaseLost: () => (stopNow ? stopNow(LEASE_LOST) : early(LEASE_LOST)) });
  } catch (err) {
    return fatal(err, log);
  } finally {
    process.off('SIGTERM', early).off('SIGINT', early).off('SIGHUP', early);
  }
  const shutdown = onSignals(app, log);
  stopNow = shutdown;
  if (pending) shutdown(pending);
}

void main();
