import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { isForChat } from '../../src/lifecycle/filter.js';
import { routeAlert } from '../../src/lifecycle/route.js';
import { DEFAULT_SETTINGS, type Subscription } from '../../src/store/settings.js';

const NOW = Date.UTC(2026, 0, 29, 13, 30);
const ACCOUNT = '0x1011000000000000000000000000000000c0ffee';
function sub(platform: 'telegram' | 'discord', chatId: string): Subscription {
  return { platform, chatId, active: true, createdAt: 0, updatedAt: 0, settings: { ...DEFAULT_SETTINGS } };
}
function whale(data: Record<string, unknown> = {}): AlertEvent {
  return {
    id: 'w1', kind: 'whale', severity: 'warning', symbol: 'BTC', ts: NOW, title: 't', text: 'x',
    data: { account: ACCOUNT, label: null, event: 'loss', size: 100, unrealizedPnlUsd: -12e6, markPrice: 84_000, liquidationPrice: 80_000, ...data },
  };
}
const subs = [sub('telegram', '-100'), sub('telegram', '-200'), sub('discord', '300000000000000000')];
const route = (a: AlertEvent) => routeAlert(a, subs, NOW, () => false).map((r) => `${r.sub.platform}:${r.sub.chatId}`);

describe('whale alerts and the chats that watch the account', () => {
  it('a deployment account (no data.chats) follows the usual routing: every chat', () => {
    expect(route(whale())).toEqual(['telegram:-100', 'telegram:-200', 'discord:300000000000000000']);
  });

  it("a chat's own watched account alerts only that chat", () => {
    expect(route(whale({ chats: ['telegram:-200'] }))).toEqual(['telegram:-200']);
  });

  it('an account two chats watch, on two platforms, goes to both and nowhere else', () => {
    expect(route(whale({ chats: ['discord:300000000000000000', 'telegram:-100'] }))).toEqual(['telegram:-100', 'discord:300000000000000000']);
  });

  it('the chat key names the platform: the same id on the other platform is another chat', () => {
    expect(isForChat(whale({ chats: ['discord:-100'] }), 'telegram:-100')).toBe(false);
    expect(isForChat(whale({ chats: ['telegram:-100'] }), 'telegram:-100')).toBe(true);
  });

  it('other kinds without data.chats are untouched', () => {
    const level: AlertEvent = { ...whale(), kind: 'level_break', data: { level: 85000, direction: 'down' } };
    expect(isForChat(level, 'telegram:-1')).toBe(true);
  });
});
