import type { Redis } from 'ioredis';
import type { AlertEvent } from '../alerts/types.js';
import type { RichMessage } from '../chat/message.js';
import { RedisKeys } from '../store/keys.js';

const PAYLOAD_TTL_S = 7 * 86_400;

interface StoredPayload {
  message: Omit<RichMessage, 'image'> & { image?: { png: string; filename: string; alt?: string } };
  alert?: AlertEvent;
}

/** PayloadStore keeps each message once (chart included) so 10,000 jobs carry only its id. */
export class PayloadStore {
  private readonly keys: RedisKeys;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = new RedisKeys(prefix);
  }

  /** put stores a message (and the alert it renders) under an id. */
  async put(id: string, message: RichMessage, alert?: AlertEvent): Promise<void> {
    const stored: StoredPayload = {
      message: { ...message, image: message.image ? { ...message.image, png: message.image.png.toString('base64') } : undefined },
      alert,
    };
    await this.redis.set(this.keys.payload(id), JSON.stringify(stored), 'EX', PAYLOAD_TTL_S);
  }

  /** get returns the message and alert stored under an id, or null once expired. */
  async get(id: string): Promise<{ message: RichMessage; alert?: AlertEvent } | null> {
    const raw = await this.redis.get(this.keys.payload(id));
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredPayload;
    const image = s.message.image ? { ...s.message.image, png: Buffer.from(s.message.image.png, 'base64') } : undefined;
    return { message: { ...s.message, image }, alert: s.alert };
  }

  /** fold appends an alert to a cascade's list of what it explains (rendered into the edited message). */
  async fold(cascadeId: string, alert: AlertEvent): Promise<void> {
    const k = this.keys.folded(cascadeId);
    await this.redis.multi().rpush(k, JSON.stringify(alert)).expire(k, PAYLOAD_TTL_S).exec();
  }

  /** folded lists the alerts a cascade has explained so far. */
  async folded(cascadeId: string): Promise<AlertEvent[]> {
    return (await this.redis.lrange(this.keys.folded(cascadeId), 0, -1)).map((s) => JSON.parse(s) as AlertEvent);
  }

  /** hold keeps an alert for a chat's quiet-hours digest. */
  async hold(chatKey: string, alert: AlertEvent): Promise<void> {
    await this.redis.rpush(this.keys.held(chatKey), JSON.stringify(alert));
  }

  /** takeHeld removes and returns a chat's held alerts (atomically, so a digest is sent once). */
  async takeHeld(chatKey: string): Promise<AlertEvent[]> {
    const k = this.keys.held(chatKey);
    const [[, items]] = (await this.redis.multi().lrange(k, 0, -1).del(k).exec()) as [[null, string[]], [null, number]];
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
