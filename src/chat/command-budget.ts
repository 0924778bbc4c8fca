/**
 * The command budget: how many commands a chat and a person may run, as token buckets (pure, `now` passed in).
 * The platforms' command handlers ask it before running a command; the "slow down" answer is written in commands/.
 */

/** RateRule is a token bucket: `burst` commands at once, then one more every `everyMs`. */
export interface RateRule {
  burst: number;
  everyMs: number;
}

/**
 * COMMAND_RATE bounds commands per chat and per user: enough at once for an admin setting a chat up, then about one
 * every 5 s per chat (Telegram allows a bot about 20 messages a minute in a group, https://core.telegram.org/bots/faq,
 * and alerts share that budget: replies are paced with them) and one every 6 s per person.
 */
export const COMMAND_RATE: { chat: RateRule; user: RateRule } = { chat: { burst: 10, everyMs: 5_000 }, user: { burst: 6, everyMs: 6_000 } };

/** Admission is what the limiter says of one command: run it, answer one "slow down" line, or drop it silently. */
export type Admission = 'run' | 'slow_down' | 'drop';

interface Bucket {
  tokens: number;
  at: number;
  /** When this chat or person was last told to slow down (-Infinity: never). */
  warnedAt: number;
}

/** WARN_EVERY_MS: a chat or person over budget is told to slow down at most once a minute; the rest is dropped silently. */
export const WARN_EVERY_MS = 60_000;

/** MAX_TRACKED bounds the limiter's memory: past it, idle (full) buckets are forgotten. */
const MAX_TRACKED = 10_000;

/**
 * CommandLimiter decides, per command, whether a chat and its sender still have budget (pure, `now` passed in). A
 * chat or user over its budget gets one "slow down" answer (at most one a minute), the rest is dropped silently: a
 * group spamming 500 commands gets a few answers and one line, not hundreds of replies the platform would refuse.
 */
export class CommandLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly rules = COMMAND_RATE) {}

  /**
   * admit spends one command of the chat's and the user's budgets, or says how to refuse it. `chat` is null where a
   * chat's answers are not rate-limited by the platform (Discord interaction answers): the user's budget alone applies.
   */
  admit(chat: string | null, user: string, now: number): Admission {
    const c = chat === null ? { tokens: Infinity, at: now, warnedAt: -Infinity } : this.bucket(`c|${chat}`, this.rules.chat, now);
    const u = this.bucket(`u|${user}`, this.rules.user, now);
    if (c.tokens >= 1 && u.tokens >= 1) {
      c.tokens -= 1;
      u.tokens -= 1;
      return 'run';
    }
    const over = c.tokens < 1 ? c : u;
    if (now - over.warnedAt < WARN_EVERY_MS) return 'drop';
    over.warnedAt = now;
    return 'slow_down';
  }

  /** waitMs is how long until the chat (or user, whichever is short) can run a command again. */
  waitMs(chat: string | null, user: string, now: number): number {
    const need = (key: string, rule: RateRule) => Math.max(0, (1 - this.bucket(key, rule, now).tokens) * rule.everyMs);
    return Math.ceil(Math.max(chat === null ? 0 : need(`c|${chat}`, this.rules.chat), need(`u|${user}`, this.rules.user)));
  }

  private bucket(key: string, rule: RateRule, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED) this.forgetIdle(now);
      b = { tokens: rule.burst, at: now, warnedAt: -Infinity };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(rule.burst, b.tokens + (Math.max(0, now - b.at) / rule.everyMs));
    b.at = Math.max(b.at, now);
    return b;
  }

  private forgetIdle(now: number): void {
    for (const [k, b] of this.buckets) {
      const rule = k.startsWith('c|') ? this.rules.chat : this.rules.user;
      if (b.tokens + (now - b.at) / rule.everyMs >= rule.burst && now - b.warnedAt >= WARN_EVERY_MS) this.buckets.delete(k);
    }
  }
}
