import type { PlatformName } from '../chat/platform.js';

/**
 * RedisKeys is the one place a Redis key of Cascade is spelled (BullMQ's queue-keys.ts is the model):
 * every store, the delivery path, the engine snapshot and the operator views build their keys here, under
 * the deployment's prefix (REDIS_PREFIX; tests give each run its own).
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** bull is the prefix BullMQ puts before its own keys (queues, job schedulers). */
  get bull(): string {
    return `${this.prefix}:bull`;
  }

  /** subscriptions is the hash of every chat's subscription and settings (field = chat key). */
  get subscriptions(): string {
    return `${this.prefix}:subs`;
  }

  /** levelIndex counts, per custom level ("BTC|86500"), the active chats that watch it (the deployment's cap). */
  get levelIndex(): string {
    return `${this.prefix}:subs:levels`;
  }

  /** guildSubs counts the active subscriptions of each Discord server (field = guild id). */
  get guildSubs(): string {
    return `${this.prefix}:subs:guilds`;
  }

  /** digestSent marks a chat's daily digest of one local date as sent (SET NX with a TTL). */
  digestSent(chatKey: string, date: string): string {
    return `${this.subscriptions}:digest:${chatKey}:${date}`;
  }

  /** payload holds one stored message (and the alert it renders). */
  payload(id: string): string {
    return `${this.prefix}:payload:${id}`;
  }

  /** alert holds one published alert (as fired, with its publish time and a cascade's chart): each chat's message is rendered from it. */
  alert(id: string): string {
    return `${this.prefix}:alert:${id}`;
  }

  /** published marks an alert as fanned out: publishing it again (a restart, a replay) changes nothing. */
  published(alertId: string): string {
    return `${this.prefix}:published:${alertId}`;
  }

  /** folded is the hash of the alerts a cascade has explained so far (field = alert id), rendered into its updates. */
  folded(cascadeId: string): string {
    return `${this.prefix}:folds:${cascadeId}`;
  }

  /** cascadeOf names the cascade that lists an alert (as a trigger or folded in): a waiting alert it absorbs is not posted alone. */
  cascadeOf(alertId: string): string {
    return `${this.prefix}:cascade-of:${alertId}`;
  }

  /** digest holds the held alerts one quiet-hours digest took (claimed once, so a retried digest sends the same list). */
  digest(payloadId: string): string {
    return `${this.prefix}:digest:${payloadId}`;
  }

  /** held lists a chat's alerts held for its quiet-hours digest. */
  held(chatKey: string): string {
    return `${this.prefix}:held:${chatKey}`;
  }

  /** heldPattern matches every chat's held list (SCAN); heldChat reads the chat key back from one of them. */
  get heldPattern(): string {
    return this.held('*');
  }

  heldChat(key: string): string {
    return key.slice(this.held('').length);
  }

  /** cascadeChats is the set of chats a cascade message was sent to (its later alerts fold there). */
  cascadeChats(cascadeId: string): string {
    return `${this.prefix}:cascade-chats:${cascadeId}`;
  }

  /** ledger records that one (message, chat) delivery reached the platform, with its message id. */
  ledger(deliveryId: string): string {
    return `${this.prefix}:ledger:${deliveryId}`;
  }

  /** pace are a chat's pacing keys: the spacing lock and the sliding-window set. */
  pace(platform: PlatformName, chatId: string): { next: string; window: string; line: string; seen: string } {
    const k = `${this.prefix}:pace:${platform}:${chatId}`;
    return { next: `${k}:next`, window: `${k}:win`, line: `${k}:line`, seen: `${k}:seen` };
  }

  /** deliverySeq counts publishes: a delivery carries the count of the publish that queued it (its place in its chat's line). */
  get deliverySeq(): string {
    return `${this.prefix}:delivery:seq`;
  }

  /** paidDay is one UTC day of Telegram paid broadcast: Stars spent (tenths), paid messages, and why it fell back to free (if it did). */
  paidDay(date: string): string {
    return `${this.prefix}:paid:telegram:${date}`;
  }

  /** paidLanes holds when the last free call was let go and when a paid one last waited for it (Telegram, paid broadcast on). */
  get paidLanes(): string {
    return `${this.prefix}:paid:telegram:lanes`;
  }

  /** deadLetters is the sorted set of deliveries that failed for good (scored by time). */
  get deadLetters(): string {
    return `${this.prefix}:dead`;
  }

  /** enginePending holds the alerts fired but not yet handed to delivery when the engine's state was saved. */
  get enginePending(): string {
    return `${this.prefix}:engine:pending`;
  }

  /** engineSnapshot holds the engine's saved state (windows, rule memory, history). */
  get engineSnapshot(): string {
    return `${this.prefix}:engine:snapshot`;
  }

  /** engineDowntime lists the spans Cascade was stopped (JSON `{fromTs,toTs}`), for the summaries' coverage. */
  get engineDowntime(): string {
    return `${this.prefix}:engine:downtime`;
  }

  /** engineLease is the engine lease (`<token>|<holder>`, with a TTL): only its holder runs the engine, collectors and jobs. */
  get engineLease(): string {
    return `${this.prefix}:engine:lease`;
  }

  /** engineLeaseToken is the fencing counter: INCR on every new holder, so a newer holder always has a larger token. */
  get engineLeaseToken(): string {
    return `${this.prefix}:engine:lease:token`;
  }

  /** engineStandby is a hash of standby engines (holder id → the time it last said it was watching). */
  get engineStandby(): string {
    return `${this.prefix}:engine:standby`;
  }

  /** engineEpisode marks an alert's episode (its id without the firing time) as raised, by which engine (`<token>|<ts>`), for the handover dedup. */
  engineEpisode(episode: string): string {
    return `${this.prefix}:engine:episode:${episode}`;
  }

  /** replayOrigin is the wall time a replayed file started (so a standby taking over continues at the same event time). */
  get replayOrigin(): string {
    return `${this.prefix}:engine:replay-origin`;
  }

  /** watchList is a chat's `/watch` list: a hash of address → JSON {label, addedAt}. */
  watchList(chatKey: string): string {
    return `${this.prefix}:watch:chat:${chatKey}`;
  }

  /** watchAccounts counts, per watched address, the chats watching it (its length is the deployment's total). */
  get watchAccounts(): string {
    return `${this.prefix}:watch:accounts`;
  }

  /** watchChats is the set of chat keys with a non-empty watch list. */
  get watchChats(): string {
    return `${this.prefix}:watch:chats`;
  }
}
