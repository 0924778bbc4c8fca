import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFrom, type ChatSettings } from '../../src/store/settings.js';
import { RedisKeys } from '../../src/store/keys.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TestRedis, uniquePrefix } from '../helpers/redis.js';

describe('settingsFrom: stored settings, old and new, read as today\'s', () => {
  it.each<[string, Record<string, unknown>, Partial<ChatSettings>]>([
    ['nothing stored: the defaults, English on UTC', {}, { language: 'en', timezone: 'UTC', quietHours: null }],
    ['saved before chats had a zone: the quiet hours\' zone becomes the chat\'s', { quietHours: { start: '23:00', end: '07:00', tz: 'Europe/Berlin' }, digestTime: '08:00' }, { timezone: 'Europe/Berlin', quietHours: { start: '23:00', end: '07:00' }, digestTime: '08:00' }],
    ['an old zone in another spelling is made canonical', { quietHours: { start: '22:00', end: '06:00', tz: 'asia/shanghai' } }, { timezone: 'Asia/Shanghai' }],
    ['a zone of its own wins over an old quiet-hours zone', { timezone: 'Asia/Tokyo', quietHours: { start: '22:00', end: '06:00', tz: 'UTC' } }, { timezone: 'Asia/Tokyo', quietHours: { start: '22:00', end: '06:00' } }],
    ['a language and zone we do not know fall back to en/UTC', { language: 'fr', timezone: 'Mars/Olympus' }, { language: 'en', timezone: 'UTC' }],
    ['Chinese and its zone are kept', { language: 'zh', timezone: 'Asia/Shanghai' }, { language: 'zh', timezone: 'Asia/Shanghai' }],
  ])('%s', (_name, stored, want) => {
    const s = settingsFrom(stored as Partial<ChatSettings>);
    expect(s).toMatchObject(want);
    expect(Object.keys(s).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });
});

describe('SubscriptionStore with languages and zones (real Redis)', () => {
  const redis = new TestRedis();
  let client: Redis;
  let prefix: string;
  let subs: SubscriptionStore;
  beforeAll(async () => {
    await redis.start();
    client = redis.client();
    prefix = uniquePrefix('settings');
    subs = new SubscriptionStore(client, prefix);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis.dispose();
  });

  it('reads a subscription written before this change, quiet hours with their zone, and keeps working with it', async () => {
    const old = { platform: 'telegram', chatId: '-42', active: true, createdAt: 1, updatedAt: 1, settings: { assets: null, minSeverity: 'warning', quietHours: { start: '23:00', end: '07:00', tz: 'Europe/Berlin' }, digestTime: '08:00', language: 'en', levels: {}, mutes: [] } };
    await client.hset(new RedisKeys(prefix).subscriptions, 'telegram:-42', JSON.stringify(old));
    expect((await subs.get('telegram', '-42'))!.settings).toMatchObject({ timezone: 'Europe/Berlin', quietHours: { start: '23:00', end: '07:00' }, language: 'en' });
    const saved = await subs.updateSettings('telegram', '-42', (s) => ({ ...s, language: 'zh' }), 2);
    expect(saved!.settings).toMatchObject({ language: 'zh', timezone: 'Europe/Berlin' });
    expect(JSON.parse((await client.hget(new RedisKeys(prefix).subscriptions, 'telegram:-42'))!).settings.quietHours).toEqual({ start: '23:00', end: '07:00' });
  });

  it('a new chat starts from what it is given (the platform\'s language); a returning chat keeps its own', async () => {
    expect((await subs.subscribe('discord', '9', 0, 'g', { language: 'zh' })).sub.settings).toMatchObject({ language: 'zh', timezone: 'UTC' });
    await subs.updateSettings('discord', '9', (s) => ({ ...s, language: 'en' }), 1);
    await subs.deactivate('discord', '9', 'unsubscribed', 2);
    expect((await subs.subscribe('discord', '9', 3, 'g', { language: 'zh' })).sub.settings.language).toBe('en');
  });
});
