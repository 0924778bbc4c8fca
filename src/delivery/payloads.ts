import type { Redis } from 'ioredis';
import type { AlertEvent } from '../alerts/types.js';
import type { RichMessage } from '../chat/message.js';
import { RedisKeys } from '../store/keys.js';
import { CLAIM_HELD_LUA } from './scripts.js';

/** PAYLOAD_TTL_S keeps payloads a week: longer than any retry, digest or edit window. */
export const PAYLOAD_TTL_S = 7 * 86_400;
/**
 * A published alert is read by every one of its deliveries (10,000 for a big fan-out, each with the cascade's charts):
 * a worker keeps the last few it read ALERT_CACHE_MS, so it fetches and decodes each once, not once per chat.
 */
const ALERT_CACHE_MS = 60_000;
const ALERT_CACHE_SIZE = 16;

interface StoredMessage {
  message: Omit<RichMessage, 'image'> & { image?: { png: string; filename: string; alt?: string } };
}

/** StoredAlert is a published alert as delivery renders it for each chat: the alert, when it was routed, a cascade's chart. */
export interface StoredAlert {
  alert: AlertEvent;
  /** Wall-clock time of the fan-out (mutes and filters of the cascade's triggers are judged as of then). */
  at: number;
  chart?: Buffer;
  /** A cascade's chart drawn for each language and zone its chats read (localeId → PNG); `chart` is the fallback. */
  charts?: Record<string, Buffer>;
}


/**
 * PayloadStore keeps what deliveries render, once, so 10,000 jobs carry only an id: ready-made messages
 * (summaries, operator notices), published alerts (each chat's message is rendered from the alert and that
 * chat's settings), and the alerts held for each chat's quiet-hours digest.
 */
export class PayloadStore {
  private readonly keys: RedisKeys;
  private readonly recent = new Map<string, { at: number; alert: Promise<StoredAlert | null> }>();

  constructor(private readonly redis: Redis, prefix: string, private readonly clock: () => number = Date.now) {
    this.keys = new RedisKeys(prefix);
    redis.defineCommand('cascadeClaimHeld', { numberOfKeys: 2, lua: CLAIM_HELD_LUA });
  }

  /** put stores a ready-made message under an id. */
  async put(id: string, message: RichMessage): Promise<void> {
    const stored: StoredMessage = { message: { ...message, image: message.image ? { ...message.image, png: message.image.png.toString('base64') } : undefined } };
    await this.redis.set(this.keys.payload(id), JSON.stringify(stored), 'EX', PAYLOAD_TTL_S);
  }

  /** get returns the message stored under an id, or null once expired. */
  async get(id: string): Promise<{ message: RichMessage } | null> {
    const raw = await this.redis.get(this.keys.payload(id));
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredMessage;
    const image = s.message.image ? { ...s.message.image, png: Buffer.from(s.message.image.png, 'base64') } : undefined;
    return { message: { ...s.message, image } };
  }

  /** putAlert stores a published alert (a cascade with its chart). */
  async putAlert(s: StoredAlert): Promise<void> {
    const charts = s.charts ? Object.fromEntries(Object.entries(s.charts).map(([k, b]) => [k, b.toString('base64')])) : undefined;
    const raw = JSON.stringify({ alert: s.alert, at: s.at, chart: s.chart?.toString('base64'), charts });
    await this.redis.set(this.keys.alert(s.alert.id), raw, 'EX', PAYLOAD_TTL_S);
    this.recent.delete(s.alert.id);
  }

  /** alert returns a published alert, or null once expired (one read per ALERT_CACHE_MS however many deliveries ask). */
  alert(id: string): Promise<StoredAlert | null> {
    const now = this.clock();
    const hit = this.recent.get(id);
    if (hit && now - hit.at < ALERT_CACHE_MS) return hit.alert;
    const alert = this.readAlert(id);
    this.recent.delete(id);
    this.recent.set(id, { at: now, alert });
    alert.then((a) => a ?? this.recent.delete(id), () => this.recent.delete(id));
    if (this.recent.size > ALERT_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    return alert;
  }

  private async readAlert(id: string): Promise<StoredAlert | null> {
    const raw = await this.redis.get(this.keys.alert(id));
    if (!raw) return null;
    const s = JSON.parse(raw) as { alert: AlertEvent; at: number; chart?: string; charts?: Record<string, string> };
    const charts = s.charts ? { charts: Object.fromEntries(Object.entries(s.charts).map(([k, b]) => [k, Buffer.from(b, 'base64')])) } : {};
    return { alert: s.alert, at: s.at, ...(s.chart ? { chart: Buffer.from(s.chart, 'base64') } : {}), ...charts };
  }

  /** hold keeps an alert for a chat's quiet-hours digest. */
  async hold(chatKey: string, alert: AlertEvent): Promise<void> {
    await this.redis.rpush(this.keys.held(chatKey), JSON.stringify(alert));
  }

  /** claimHeld takes a chat's held alerts for one digest, once: a retried digest gets the same alerts, a later one the new ones. */
  async claimHeld(chatKey: string, digestId: string): Promise<AlertEvent[]> {
    const claim = (this.redis as unknown as { cascadeClaimHeld: (...a: unknown[]) => Promise<string[]> }).cascadeClaimHeld;
    const items = await claim.call(this.redis, this.keys.held(chatKey), this.keys.digest(digestId), PAYLOAD_TTL_S);
    return items.map((s) => JSON.parse(s) as AlertEvent);
  }

  /** heldChats lists chats with held alerts. */
  async heldChats(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.keys.heldPattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch.map((k) => this.keys.heldChat(k)));
    } while (cursor !== '0');
    return keys;
  }
}
