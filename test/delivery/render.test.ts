import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { RichMessage } from '../../src/chat/message.js';
import { renderAlertFor, renderDigestFor } from '../../src/delivery/render.js';
import { DEFAULT_SETTINGS, type ChatSettings, type Subscription } from '../../src/store/settings.js';

// Issue 14: what delivery renders for a chat is in that chat's language and on its clock.
const BREAK: AlertEvent = {
  id: 'r1', kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: Date.UTC(2026, 0, 29, 13, 25, 19),
  title: 'BTC breaks below $85,000', text: '', data: { level: 85000, direction: 'down', price: 84996.2 },
};

function sub(s: Partial<ChatSettings>): Subscription {
  return { platform: 'telegram', chatId: '-1001/7', active: true, createdAt: 0, updatedAt: 0, settings: { ...DEFAULT_SETTINGS, ...s } };
}

const flat = (m: RichMessage) => [m.title, ...m.blocks.map((b) => (b.type === 'text' || b.type === 'heading' ? b.text : b.type === 'list' ? b.items.join('\n') : '')), m.footer ?? ''].join('\n');

describe('delivery renders each chat in its language and zone', () => {
  it.each([
    ['en on UTC', {}, 'BTC breaks below $85,000', '2026-01-29 13:25 UTC'],
    ['zh on Asia/Shanghai', { language: 'zh' as const, timezone: 'Asia/Shanghai' }, 'BTC 跌破 85,000 美元', '2026-01-29 21:25 UTC+8'],
    ['en on America/New_York', { timezone: 'America/New_York' }, 'BTC breaks below $85,000', '2026-01-29 08:25 UTC-5'],
  ])('an alert, %s', (_name, s, title, when) => {
    const m = renderAlertFor({ alert: BREAK, at: 0 }, [], sub(s), true);
    expect(m.title).toContain(title);
    expect(m.footer).toContain(when);
  });

  it('the quiet-hours digest of a zh chat on Asia/Shanghai lists the held alerts in Chinese on its clock', () => {
    const m = renderDigestFor([BREAK], sub({ language: 'zh', timezone: 'Asia/Shanghai' }))!;
    expect(flat(m)).toMatch(/21:25 BTC 跌破 85,000 美元/);
    expect(flat(m)).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('a cascade takes the chart drawn for the chat\'s language and zone, else the one it has', () => {
    const cascade: AlertEvent = { ...BREAK, id: 'c1', kind: 'cascade', severity: 'critical', symbol: null, data: { direction: 'down', liquidationsUsd: 1e8, longShare: 0.96, triggers: [] } };
    const [en, zh] = [Buffer.from('en-chart'), Buffer.from('zh-chart')];
    const stored = { alert: cascade, at: 0, chart: en, charts: { 'en|UTC': en, 'zh|Asia/Shanghai': zh } };
    expect(renderAlertFor(stored, [], sub({ language: 'zh', timezone: 'Asia/Shanghai' }), true).image?.png).toBe(zh);
    expect(renderAlertFor(stored, [], sub({}), true).image?.png).toBe(en);
    expect(renderAlertFor(stored, [], sub({ language: 'zh', timezone: 'Asia/Tokyo' }), true).image?.png).toBe(en);
    expect(renderAlertFor(stored, [], sub({ language: 'zh' }), false).image).toBeUndefined();
  });
});
