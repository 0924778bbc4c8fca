import { createHash } from 'node:crypto';

/** RouteKind names the per-route buckets the fake enforces (others only count toward the global limit). */
export type RouteKind = 'message_create' | 'message_edit';

/** RateLimitConfig: requests per second across the bot, and per-route fixed windows per major parameter (channel). */
export interface RateLimitConfig {
  globalPerSecond: number;
  routes: Record<RouteKind, { limit: number; windowMs: number }>;
}

/** RateLimitMode: `strict` is Discord's published global 50/s and the observed 5 msgs / 5 s per channel; `loose` is 10×. */
export type RateLimitMode = 'strict' | 'loose' | 'off';

/** Global: https://discord.com/developers/docs/topics/rate-limits#global-rate-limit; per channel: observed, not contractual. */
const PRESETS: Record<Exclude<RateLimitMode, 'off'>, RateLimitConfig> = {
  strict: { globalPerSecond: 50, routes: { message_create: { limit: 5, windowMs: 5000 }, message_edit: { limit: 5, windowMs: 5000 } } },
  loose: { globalPerSecond: 500, routes: { message_create: { limit: 50, windowMs: 5000 }, message_edit: { limit: 50, windowMs: 5000 } } },
};
const GLOBAL_WINDOW_MS = 1000;
const MESSAGE = 'You are being rate limited.';

/** LimitAnswer is what the limiter decided: headers to add, and a 429 body when refused. */
export interface LimitAnswer {
  headers: Record<string, string>;
  refused?: { message: string; retry_after: number; global: boolean };
}

/** Counted429s: every 429 the fake answered, by cause. */
export interface Counted429s {
  total: number;
  global: number;
  route: number;
  storm: number;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function refusal(retryMs: number, global: boolean, scope: string, extra: Record<string, string> = {}): LimitAnswer {
  const retry_after = Number(seconds(retryMs));
  // Discord's Retry-After header is whole seconds, rounded up; the body has the fraction.
  const headers = { ...extra, 'Retry-After': String(Math.max(1, Math.ceil(retry_after))), 'X-RateLimit-Scope': scope, ...(global ? { 'X-RateLimit-Global': 'true' } : {}) };
  return { headers, refused: { message: MESSAGE, retry_after, global } };
}

/** FakeRateLimiter enforces a global per-second window, per-route buckets with real headers, and injected 429 storms. */
export class FakeRateLimiter {
  private config: RateLimitConfig | null;
  private global = { start: 0, count: 0 };
  private readonly buckets = new Map<string, { start: number; count: number }>();
  private readonly storms = new Map<string, { left: number; retryAfterMs: number; global: boolean }>();
  readonly count429: Counted429s = { total: 0, global: 0, route: 0, storm: 0 };
  /** count429ByChannel counts the 429s each channel (the route's major parameter) was answered. */
  readonly count429ByChannel = new Map<string, number>();

  constructor(mode: RateLimitMode | RateLimitConfig = 'off') {
    this.config = null;
    this.set(mode);
  }

  /** set switches to a preset or a custom configuration and forgets the current windows. */
  set(mode: RateLimitMode | RateLimitConfig): void {
    this.config = mode === 'off' ? null : typeof mode === 'string' ? PRESETS[mode] : mode;
    this.global = { start: 0, count: 0 };
    this.buckets.clear();
  }

  /** storm makes the next `count` requests on a channel answer 429 (whatever the mode). */
  storm(channelId: string, count: number, retryAfterMs: number, global = false): void {
    this.storms.set(channelId, { left: count, retryAfterMs, global });
  }

  private bump(kind: keyof Omit<Counted429s, 'total'>, major: string | null): void {
    this.count429.total += 1;
    this.count429[kind] += 1;
    if (major) this.count429ByChannel.set(major, (this.count429ByChannel.get(major) ?? 0) + 1);
  }

  /** check decides one request: `counts` is false for interaction/webhook routes (exempt from the global limit). */
  check(route: RouteKind | null, major: string | null, counts: boolean, now = Date.now()): LimitAnswer {
    const storm = major ? this.storms.get(major) : undefined;
    if (storm && storm.left > 0) {
      storm.left -= 1;
      this.bump('storm', major);
      return refusal(storm.retryAfterMs, storm.global, storm.global ? 'global' : 'shared');
    }
    if (!this.config || !counts) return { headers: {} };
    if (now >= this.global.start + GLOBAL_WINDOW_MS) this.global = { start: now, count: 0 };
    if (this.global.count >= this.config.globalPerSecond) {
      this.bump('global', major);
      return refusal(this.global.start + GLOBAL_WINDOW_MS - now, true, 'global');
    }
    const answer = route && major ? this.routeCheck(route, major, now) : { headers: {} };
    if (!answer.refused) this.global.count += 1;
    return answer;
  }

  private routeCheck(route: RouteKind, major: string, now: number): LimitAnswer {
    const { limit, windowMs } = this.config!.routes[route];
    const key = `${route}:${major}`;
    let b = this.buckets.get(key);
    if (!b || now >= b.start + windowMs) this.buckets.set(key, (b = { start: now, count: 0 }));
    const resetMs = b.start + windowMs;
    const base = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Reset': seconds(resetMs),
      'X-RateLimit-Reset-After': seconds(resetMs - now),
      'X-RateLimit-Bucket': createHash('md5').update(route).digest('hex'),
    };
    if (b.count >= limit) {
      this.bump('route', major);
      return refusal(resetMs - now, false, 'user', { ...base, 'X-RateLimit-Remaining': '0' });
    }
    b.count += 1;
    return { headers: { ...base, 'X-RateLimit-Remaining': String(limit - b.count) } };
  }
}
