import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { POSITIONING_ENV } from '../sources/positioning-config.js';
import { SOURCE_MAP, SOURCE_URL_DEFAULTS, type UrlVar } from '../sources/registry.js';
import { parseRedisUrl, parseSentinels, shownRedisUrl } from './redis-url.js';

/** ConfigError lists every configuration problem at once, each with the variable, the bad value and a fix. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    // One problem is one line (issue 11: a fatal start-up mistake reads as one line); several are listed.
    super(problems.length === 1 ? `configuration is invalid: ${problems[0]}` : `configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

const ROLES = ['all', 'engine', 'delivery'] as const;

/**
 * DEFAULT_GROUP_WAIT_MS is how long an alert that can set off a cascade waits before it is posted alone
 * (Alertmanager's `group_wait`, https://prometheus.io/docs/alerting/latest/configuration/#route): a few seconds,
 * long enough for a cascade forming on the next ticks to absorb it, short enough for a crash alert.
 */
export const DEFAULT_GROUP_WAIT_MS = 3_000;
/** MAX_GROUP_WAIT_MS bounds DELIVERY_GROUP_WAIT_MS: an alert that waits longer is no longer news. */
export const MAX_GROUP_WAIT_MS = 30_000;
/** PAID_MODES are TELEGRAM_PAID_BROADCAST's values: off, critical alerts only, or warning and critical ones. */
export const PAID_MODES = ['off', 'critical', 'warning'] as const;
/** PaidMode is one of PAID_MODES. */
export type PaidMode = (typeof PAID_MODES)[number];
/** DEFAULT_PAID_STARS_PER_DAY: 1,000 Stars pays for 10,000 messages above the free rate a day (0.1 Star each). */
export const DEFAULT_PAID_STARS_PER_DAY = 1_000;
const intMs = (def: number, min: number) => z.coerce.number().int().min(min).default(def);
const url = (def: string) => z.string().url().default(def);
/** Every venue base URL is configurable (a local fake in tests), with the real default. */
const SOURCE_URLS = Object.fromEntries(Object.entries(SOURCE_URL_DEFAULTS).map(([k, v]) => [k, url(v)])) as { [K in UrlVar]: z.ZodDefault<z.ZodString> };
const csvSymbols = z.string().regex(/^[A-Z0-9]{1,20}(,[A-Z0-9]{1,20})*$/).default('BTC,ETH,SOL');

/**
 * ENV_SCHEMA is every environment variable Cascade reads, with its default (the one table of
 * defaults; .env.example documents each). Secrets may come from `<NAME>_FILE` instead.
 */
export const ENV_SCHEMA = z.object({
  ROLE: z.enum(ROLES).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** The ops server's address: loopback on a laptop; the image and compose set 0.0.0.0 (the container's own interface). */
  HTTP_HOST: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,64}$/, 'an address such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  REDIS_URL: z.string().superRefine((v, ctx) => {
    const t = parseRedisUrl(v);
    if ('problem' in t) ctx.addIssue({ code: 'custom', message: `not usable: ${t.problem}` });
  }).optional(),
  /** How long start-up waits for REDIS_URL to answer before giving up with one line (it then exits). */
  REDIS_WAIT_MS: intMs(5_000, 500),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/).default('cascade'),
  RULES_FILE: z.string().optional(),
  SYMBOLS: csvSymbols,
  /** Which venues to collect from: "all", "none", or a list such as "binance,bybit,yahoo". */
  SOURCES: z.string().regex(/^(all|none|[a-z0-9_-]+(,[a-z0-9_-]+)*)$/, '"all", "none" or venue ids').default('all'),
  REPLAY_FILE: z.string().optional(),
  REPLAY_SPEED: z.coerce.number().min(0).max(1e7).default(600),
  CASCADE_DATA_DIR: z.string().default('.cascade'),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d{3,12}:[A-Za-z0-9_-]{20,}$/, 'a token from @BotFather like 123456789:AA…').optional(),
  TELEGRAM_API_ROOT: url('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, '32–256 characters of A-Z a-z 0-9 _ -').optional(),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8443),
  /** The address the webhook listener binds, like HTTP_HOST for the ops server (unset: HTTP_HOST's). */
  TELEGRAM_WEBHOOK_HOST: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,64}$/, 'an address such as 127.0.0.1 or 0.0.0.0').optional(),
  DISCORD_TOKEN: z.string().min(50, 'a bot token from the Discord developer portal').optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{15,22}$/, 'the numeric application id').optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{15,22}$/, 'a numeric guild id').optional(),
  DISCORD_REST_URL: url('https://discord.com/api'),
  /** A chat for operator notices (feeds stale / recovered): "telegram:-1001234567" or "discord:123456789012345678". */
  OPS_CHAT: z.string().regex(/^(telegram:-?\d{1,20}|discord:\d{15,22})$/, 'telegram:<chat id> or discord:<channel id>').optional(),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
  /** How long an alert that could set off a cascade waits before it is posted alone (Alertmanager's group_wait). */
  DELIVERY_GROUP_WAIT_MS: z.coerce.number().int().min(0).max(MAX_GROUP_WAIT_MS).default(DEFAULT_GROUP_WAIT_MS),
  /** Telegram paid broadcast (allow_paid_broadcast, up to 1,000 msg/s for 0.1 Star a message above the free ~30/s): which alerts pay. */
  TELEGRAM_PAID_BROADCAST: z.enum(PAID_MODES).default('off'),
  /** The most Stars paid broadcast may spend in one UTC day; past it, the rest of the day goes at the free rate. */
  TELEGRAM_PAID_STARS_PER_DAY: z.coerce.number().min(0).max(10_000_000).default(DEFAULT_PAID_STARS_PER_DAY),
  PRICE_POLL_MS: intMs(5_000, 1_000),
  INDEX_POLL_MS: intMs(60_000, 5_000),
  AGGREGATOR_POLL_MS: intMs(300_000, 30_000),
  PRUNE_INTERVAL_MS: intMs(3_600_000, 60_000),
  HISTORY_RETENTION_MS: intMs(7 * 86_400_000, 3_600_000),
  COINGLASS_API_KEY: z.string().min(8).optional(),
  // Issue 15: Redis as operators run it, and engine standby.
  /** Redis Sentinel: `host:port,host:port`; the master (REDIS_SENTINEL_NAME) is found through them and followed across a failover. */
  REDIS_SENTINELS: z.string().superRefine((v, ctx) => {
    const t = parseSentinels(v);
    if ('problem' in t) ctx.addIssue({ code: 'custom', message: `not usable: ${t.problem}` });
  }).optional(),
  REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'the master name the Sentinels monitor').default('mymaster'),
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** The engine lease: held by one ROLE=engine process, renewed every third of this; a standby takes over when it lapses. */
  ENGINE_LEASE_MS: z.coerce.number().int().min(2_000).max(60_000).default(5_000),
  /** How often the active engine saves its state to Redis: the point a standby restores from (the rest it catches up). */
  ENGINE_SNAPSHOT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** How many alerts wait in memory while Redis is unreachable (info dropped first, then warning, never critical). */
  OUTBOX_MAX: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  // Recording (issue 16): every validated MarketEvent the engine takes, one NDJSON file per UTC day, gzipped when the day closes.
  RECORD_DIR: z.string().min(1).optional(),
  /** Days of recordings kept (older day files are deleted); 0 keeps them all. */
  RECORD_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  /** How often buffered lines are written (also when 256 KiB are pending, and at shutdown). */
  RECORD_FLUSH_MS: intMs(1_000, 50),
  ...SOURCE_URLS,
  ...POSITIONING_ENV,
});

/** Config is the validated configuration. */
export type Config = z.infer<typeof ENV_SCHEMA>;

const EXAMPLES: Record<string, string> = {
  ROLE: 'all', HTTP_PORT: '8080', REDIS_URL: 'redis://127.0.0.1:6379', TELEGRAM_BOT_TOKEN: '123456789:AAF…(from @BotFather)',
  TELEGRAM_WEBHOOK_SECRET: 'a 32+ character random string', OPS_CHAT: 'telegram:-1001234567', DISCORD_APPLICATION_ID: '1234567890123456789', SYMBOLS: 'BTC,ETH,SOL',
  LOG_LEVEL: 'info', PRICE_POLL_MS: '5000', REDIS_PREFIX: 'cascade', HTTP_HOST: '127.0.0.1', REDIS_WAIT_MS: '5000',
  DELIVERY_GROUP_WAIT_MS: '3000', TELEGRAM_WEBHOOK_HOST: '127.0.0.1', TELEGRAM_PAID_BROADCAST: 'critical', TELEGRAM_PAID_STARS_PER_DAY: '1000',
  REDIS_SENTINELS: 'sentinel-1:26379,sentinel-2:26379', REDIS_SENTINEL_NAME: 'mymaster', ENGINE_LEASE_MS: '5000', ENGINE_SNAPSHOT_MS: '30000', OUTBOX_MAX: '10000',
  RECORD_DIR: '/var/lib/cascade/recordings', RECORD_RETENTION_DAYS: '90', RECORD_FLUSH_MS: '1000',
  LEVERAGE_POLL_MS: '60000', HYPERLIQUID_REALTIME_ACCOUNTS: '10', WATCH_MAX_PER_CHAT: '10', WATCH_MAX_ACCOUNTS: '100',
  HYPERLIQUID_LIQUIDATOR_VAULTS: '0x2e3d94f0562703b25c83308a05046ddaf9a8dd14,0xb0a55f13d22f66e6d495ac98113841b2326e9540',
};
const SECRETS = ['TELEGRAM_BOT_TOKEN', 'DISCORD_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'COINGLASS_API_KEY', 'REDIS_SENTINEL_PASSWORD'];

/** readSecretFiles resolves `NAME_FILE` variables (Docker secrets) into NAME. */
function readSecretFiles(env: NodeJS.ProcessEnv, problems: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of SECRETS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    try {
      out[name] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

/** parseEnv validates the whole environment at once and throws ConfigError naming every problem. */
export function parseEnv(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const vars = readSecretFiles(env, problems);
  const res = ENV_SCHEMA.safeParse(vars);
  if (!res.success) {
    for (const issue of res.error.issues) {
      const name = String(issue.path[0]);
      const raw = vars[name];
      const shown = raw === undefined ? '' : SECRETS.includes(name) ? ' (value hidden)' : name === 'REDIS_URL' ? ` (got "${shownRedisUrl(String(raw)).slice(0, 80)}")` : ` (got "${String(raw).slice(0, 40)}")`;
      problems.push(`${name}: ${issue.message}${shown}; e.g. ${name}=${EXAMPLES[name] ?? '…'}`);
    }
  }
  const cfg = res.success ? res.data : null;
  if (cfg?.TELEGRAM_WEBHOOK_URL && !cfg.TELEGRAM_WEBHOOK_SECRET) problems.push('TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL; e.g. TELEGRAM_WEBHOOK_SECRET=$(openssl rand -hex 24)');
  const unknown = cfg && !['all', 'none'].includes(cfg.SOURCES) ? cfg.SOURCES.split(',').filter((id) => !(id in SOURCE_MAP)) : [];
  if (unknown.length > 0) problems.push(`SOURCES: unknown venue ${unknown.join(', ')}; e.g. SOURCES=${Object.keys(SOURCE_MAP).join(',')}`);
  if (cfg?.OPS_CHAT && !cfg[cfg.OPS_CHAT.startsWith('telegram') ? 'TELEGRAM_BOT_TOKEN' : 'DISCORD_TOKEN']) problems.push(`OPS_CHAT: names a ${cfg.OPS_CHAT.split(':')[0]} chat but that platform has no token; e.g. OPS_CHAT=telegram:-1001234567 with TELEGRAM_BOT_TOKEN set`);
  if (cfg?.DISCORD_TOKEN && !cfg.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN; e.g. DISCORD_APPLICATION_ID=1234567890123456789');
  if (cfg && cfg.TELEGRAM_PAID_BROADCAST !== 'off' && cfg.TELEGRAM_PAID_STARS_PER_DAY === 0) problems.push(`TELEGRAM_PAID_STARS_PER_DAY: 0 pays for no paid broadcast while TELEGRAM_PAID_BROADCAST=${cfg.TELEGRAM_PAID_BROADCAST}; e.g. TELEGRAM_PAID_STARS_PER_DAY=1000, or TELEGRAM_PAID_BROADCAST=off`);
  if (problems.length > 0) throw new ConfigError(problems);
  return cfg!;
}
