/**
 * RateLimits are the flood limits the fake enforces. The published ones (Bot FAQ, "My bot is hitting
 * limits", https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): about one
 * message a second per chat (short bursts tolerated), 20 messages a minute per group, about 30 a second overall.
 */
export interface RateLimits {
  perChatPerSec: number;
  /** How many messages a chat may take at once before the 1/s pace applies (a "tiny burst"). */
  perChatBurst: number;
  /** Applies to groups, supergroups and channels (negative chat ids). */
  perGroupPerMin: number;
  globalPerSec: number;
  /** The bot-wide limit for sends with `allow_paid_broadcast: true` (https://core.telegram.org/bots/api#sendmessage). */
  paidGlobalPerSec: number;
}

/** PUBLISHED_LIMITS are the Bot FAQ numbers (see RateLimits). */
export const PUBLISHED_LIMITS: RateLimits = { perChatPerSec: 1, perChatBurst: 3, perGroupPerMin: 20, globalPerSec: 30, paidGlobalPerSec: 1000 };

/** LimitMode: `strict` enforces PUBLISHED_LIMITS, `loose` ten times them, `off` nothing (storms still apply). */
export type LimitMode = 'strict' | 'loose' | 'off';

const LOOSE_FACTOR = 10;

/** limitsFor returns the limits of a mode (null: not enforced). */
export function limitsFor(mode: LimitMode): RateLimits | null {
  if (mode === 'off') return null;
  if (mode === 'strict') return { ...PUBLISHED_LIMITS };
  const p = PUBLISHED_LIMITS;
  return {
    perChatPerSec: p.perChatPerSec * LOOSE_FACTOR, perChatBurst: p.perChatBurst * LOOSE_FACTOR, perGroupPerMin: p.perGroupPerMin * LOOSE_FACTOR,
    globalPerSec: p.globalPerSec * LOOSE_FACTOR, paidGlobalPerSec: p.paidGlobalPerSec * LOOSE_FACTOR,
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** waitSeconds rounds a wait up to whole seconds, as Telegram's retry_after does (at least 1). */
function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** RateLimiter decides, per send, whether the fake accepts it or answers 429 with a retry_after (seconds). */
export class RateLimiter {
  limits: RateLimits | null = null;
  private readonly buckets = new Map<string, Bucket>();
  private readonly groupSends = new Map<string, number[]>();
  private globalSends: number[] = [];
  private readonly storms = new Map<string, { remaining: number; retryAfter: number }>();

  constructor(private readonly now: () => number) {}

  /** storm makes the next `count` sends to `chatId` answer 429 with `retryAfter` seconds, whatever the limits. */
  storm(chatId: string, count: number, retryAfter: number): void {
    this.storms.set(chatId, { remaining: count, retryAfter });
  }

  /** take records a send to `chatId` if allowed and returns null, or returns the seconds to wait. */
  take(chatId: string): number | null {
    return this.takeSend(chatId, false).wait;
  }

  /**
   * takeSend decides one send: `paid` (allow_paid_broadcast) raises the bot-wide limit to paidGlobalPerSec while the
   * per-chat and per-group limits still hold. `overFree` tells whether the free bot-wide limit would have refused it.
   */
  takeSend(chatId: string, paid: boolean): { wait: number | null; overFree: boolean } {
    const storm = this.storms.get(chatId);
    if (storm && storm.remaining > 0) {
      storm.remaining -= 1;
      return { wait: storm.retryAfter, overFree: false };
    }
    const l = this.limits;
    if (!l) return { wait: null, overFree: false };
    const now = this.now();
    this.globalSends = this.globalSends.filter((t) => t > now - 1000);
    const overFree = this.globalSends.length >= l.globalPerSec;
    const globalWait = this.globalWait(now, paid ? l.paidGlobalPerSec : l.globalPerSec);
    return { wait: globalWait ?? this.chatAndGroup(chatId, now, l), overFree };
  }

  private globalWait(now: number, perSec: number): number | null {
    if (this.globalSends.length < perSec) return null;
    return waitSeconds(this.globalSends[this.globalSends.length - perSec] + 1000 - now);
  }

  private chatAndGroup(chatId: string, now: number, l: RateLimits): number | null {
    const group = chatId.startsWith('-') ? (this.groupSends.get(chatId) ?? []).filter((t) => t > now - 60_000) : null;
    if (group && group.length >= l.perGroupPerMin) return waitSeconds(group[0] + 60_000 - now);
    const b = this.buckets.get(chatId) ?? { tokens: l.perChatBurst, at: now };
    const tokens = Math.min(l.perChatBurst, b.tokens + ((now - b.at) / 1000) * l.perChatPerSec);
    if (tokens < 1) return waitSeconds(((1 - tokens) / l.perChatPerSec) * 1000);
    this.buckets.set(chatId, { tokens: tokens - 1, at: now });
    if (group) this.groupSends.set(chatId, [...group, now]);
    this.globalSends.push(now);
    return null;
  }
}
