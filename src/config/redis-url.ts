/**
 * REDIS_URL in full (issue 11): `redis[s]://[user][:password]@host[:port][/db]`, the form ioredis and the
 * Redis CLI document (https://github.com/redis/ioredis#connect-to-redis). One parser turns it into the
 * connection options that ioredis and BullMQ both receive, so user, password, database and TLS are used the
 * same way by every connection; `shownRedisUrl` is the only way the URL reaches a log line or an error.
 */

/** RedisTarget is a parsed REDIS_URL: where to connect and as whom. */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
}

/** REDIS_DEFAULT_PORT is Redis's registered port. */
export const REDIS_DEFAULT_PORT = 6379;
/** REDIS_MAX_DB: Redis's `databases` setting can be raised, but a db number past this is a typo. */
export const REDIS_MAX_DB = 1_000;

const SCHEME = /^(rediss?):\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function hostPort(hp: string): { host: string; port: string } | string {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d*))?$/.exec(hp);
  if (v6) return { host: v6[1], port: v6[2] ?? '' };
  const m = /^([^:[\]]*)(?::([^:]*))?$/.exec(hp);
  if (!m) return `"${hp.slice(0, 60)}" is not host:port`;
  return { host: m[1], port: m[2] ?? '' };
}

/** parseRedisUrl reads a REDIS_URL; it returns the target or a reason naming what is wrong (never the password). */
export function parseRedisUrl(url: string): RedisTarget | { problem: string } {
  const m = SCHEME.exec(url.trim());
  if (!m) return { problem: 'not a redis:// or rediss:// URL' };
  const [, scheme, authority, path = '', query = ''] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hp = hostPort(at >= 0 ? authority.slice(at + 1) : authority);
  if (typeof hp === 'string') return { problem: hp };
  if (hp.host === '') return { problem: 'no host' };
  if (hp.port !== '' && !/^\d{1,5}$/.test(hp.port)) return { problem: `port "${hp.port.slice(0, 12)}" is not a number` };
  const port = hp.port === '' ? REDIS_DEFAULT_PORT : Number(hp.port);
  if (port < 1 || port > 65_535) return { problem: `port ${port} is outside 1–65535` };
  const dbText = path.replace(/^\//, '') || (new URLSearchParams(query.slice(1)).get('db') ?? '0');
  if (!/^\d{1,4}$/.test(dbText) || Number(dbText) > REDIS_MAX_DB) return { problem: `database "${dbText.slice(0, 12)}" is not a number from 0 to ${REDIS_MAX_DB}` };
  const target: RedisTarget = { host: hp.host, port, db: Number(dbText), tls: scheme === 'rediss' };
  if (userinfo !== null) {
    const colon = userinfo.indexOf(':');
    const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    const pass = colon >= 0 ? decode(userinfo.slice(colon + 1)) : '';
    // `redis://secret@host` is how many hosted Redis give a password alone (ioredis reads it the same way).
    if (colon < 0 && user !== '') target.password = user;
    else {
      if (user !== '') target.username = user;
      if (pass !== '') target.password = pass;
    }
  }
  return target;
}

/** shownRedisUrl is a REDIS_URL as it may be printed: the password replaced by `(hidden)`. */
export function shownRedisUrl(url: string): string {
  const m = SCHEME.exec(url.trim());
  if (!m) return url.replace(/\/\/[^@/]*@/, '//(hidden)@').slice(0, 120);
  const [, scheme, authority, path = ''] = m;
  const at = authority.lastIndexOf('@');
  if (at < 0) return `${scheme}://${authority}${path}`;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon >= 0 ? userinfo.slice(0, colon) : '';
  return `${scheme}://${user}:(hidden)@${authority.slice(at + 1)}${path}`;
}

/** RedisConnectionOptions are what ioredis's constructor and BullMQ's `connection` take (a structural subset). */
export interface RedisConnectionOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db: number;
  tls?: { servername?: string };
  /** Sentinel mode (ioredis `sentinels`): ioredis asks these for the current master of `name` and follows a failover. */
  sentinels?: Array<{ host: string; port: number }>;
  name?: string;
  sentinelPassword?: string;
  enableTLSForSentinelMode?: boolean;
  sentinelTLS?: { servername?: string };
  /** ioredis subscribes to the Sentinels' `+switch-master` and reconnects at once instead of waiting for an error. */
  failoverDetector?: boolean;
}

/** redisOptions turns a target into the one options object every connection (ioredis, BullMQ) is built from. */
export function redisOptions(t: RedisTarget): RedisConnectionOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: { servername: t.host } } : {}),
  };
}

/** SentinelSetting is REDIS_SENTINELS (`host:port,host:port`), the master's name, and the Sentinels' own password. */
export interface SentinelSetting {
  sentinels: string;
  name: string;
  password?: string;
}

/** parseSentinels reads REDIS_SENTINELS; it returns the list or a reason naming the bad entry. */
export function parseSentinels(list: string): Array<{ host: string; port: number }> | { problem: string } {
  const out: Array<{ host: string; port: number }> = [];
  for (const entry of list.split(',').map((e) => e.trim())) {
    const hp = hostPort(entry);
    if (typeof hp === 'string') return { problem: hp };
    if (hp.host === '') return { problem: `"${entry.slice(0, 60)}" has no host` };
    const port = hp.port === '' ? REDIS_SENTINEL_DEFAULT_PORT : Number(hp.port);
    if (!/^\d{0,5}$/.test(hp.port) || port < 1 || port > 65_535) return { problem: `"${entry.slice(0, 60)}": port is not a number from 1 to 65535` };
    out.push({ host: hp.host, port });
  }
  return out;
}

/** REDIS_SENTINEL_DEFAULT_PORT is Sentinel's registered port (https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/). */
export const REDIS_SENTINEL_DEFAULT_PORT = 26_379;

/**
 * sentinelOptions is Sentinel mode: the master is found through the Sentinels (its host in REDIS_URL, if any, is
 * ignored); REDIS_URL's user, password and db are the master's, and `rediss://` turns TLS on towards the master and
 * the Sentinels alike (ioredis `enableTLSForSentinelMode`), so every connection (ioredis, BullMQ) is built the same.
 */
export function sentinelOptions(s: SentinelSetting, t: RedisTarget | null): RedisConnectionOptions {
  const sentinels = parseSentinels(s.sentinels);
  if ('problem' in sentinels) throw new Error(`REDIS_SENTINELS: ${sentinels.problem}`);
  return {
    sentinels,
    name: s.name,
    failoverDetector: true,
    db: t?.db ?? 0,
    ...(t?.username !== undefined ? { username: t.username } : {}),
    ...(t?.password !== undefined ? { password: t.password } : {}),
    ...(s.password !== undefined ? { sentinelPassword: s.password } : {}),
    ...(t?.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
  };
}
