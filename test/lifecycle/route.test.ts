import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { routeAlert } from '../../src/lifecycle/route.js';
import { DEFAULT_SETTINGS, type ChatSettings, type Subscription } from '../../src/store/settings.js';

const NOW = Date.UTC(2026, 0, 29, 13, 30);
function sub(chatId: string, s: Partial<ChatSettings> = {}, active = true): Subscription {
  return { platform: 'telegram', chatId, active, createdAt: 0, updatedAt: 0, settings: { ...DEFAULT_SETTINGS, ...s } };
}
function alert(over: Partial<AlertEvent> = {}): AlertEvent {
  return { id: 'a1', kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: NOW, title: 't', text: 'x', data: { level: 85000, direction: 'down' }, ...over };
}
const route = (a: AlertEvent, subs: Subscription[], cascadeChats: string[] = []) =>
  routeAlert(a, subs, NOW, (s) => cascadeChats.includes(s.chatId)).map((r) => `${r.sub.chatId}:${r.action}`);

describe('routeAlert', () => {
  it.each([
    { name: 'default settings get a warning', subs: [sub('1')], a: alert(), want: ['1:send'] },
    { name: 'inactive subscriptions get nothing', subs: [sub('1', {}, false)], a: alert(), want: [] },
    { name: 'below the chat minimum severity', subs: [sub('1', { minSeverity: 'critical' })], a: alert(), want: [] },
    { name: 'info is below the default', subs: [sub('1')], a: alert({ severity: 'info' }), want: [] },
    { name: 'asset filter drops other assets', subs: [sub('1', { assets: ['ETH'] })], a: alert(), want: [] },
    { name: 'market-wide alerts pass an asset filter', subs: [sub('1', { assets: ['ETH'] })], a: alert({ kind: 'liquidations', symbol: null }), want: ['1:send'] },
    { name: 'mute all', subs: [sub('1', { mutes: [{ until: NOW + 1 }] })], a: alert(), want: [] },
    { name: 'an expired mute is ignored', subs: [sub('1', { mutes: [{ until: NOW - 1 }] })], a: alert(), want: ['1:send'] },
    { name: 'mute one asset', subs: [sub('1', { mutes: [{ until: NOW + 1, asset: 'BTC' }] }), sub('2', { mutes: [{ until: NOW + 1, asset: 'ETH' }] })], a: alert(), want: ['2:send'] },
    { name: 'mute one kind', subs: [sub('1', { mutes: [{ until: NOW + 1, kind: 'level_break' }] })], a: alert(), want: [] },
    { name: 'quiet hours hold a warning', subs: [sub('1', { quietHours: { start: '13:00', end: '14:00' } })], a: alert(), want: ['1:hold'] },
    { name: 'quiet hours in the chat time zone', subs: [sub('1', { quietHours: { start: '13:00', end: '14:00' }, timezone: 'Asia/Shanghai' })], a: alert(), want: ['1:send'] },
    { name: 'quiet hours wrapping midnight', subs: [sub('1', { quietHours: { start: '22:00', end: '14:00' } })], a: alert(), want: ['1:hold'] },
    { name: 'critical breaks through quiet hours', subs: [sub('1', { quietHours: { start: '13:00', end: '14:00' } })], a: alert({ severity: 'critical' }), want: ['1:send'] },
    { name: 'a custom level goes only to chats that set it', subs: [sub('1', { levels: { BTC: [85500] } }), sub('2')], a: alert({ data: { level: 85500, direction: 'down', custom: true } }), want: ['1:send'] },
    { name: 'an alert a cascade explains folds into it where the cascade went', subs: [sub('1'), sub('2')], a: alert({ cascadeId: 'c1' }), cascade: ['1'], want: ['1:fold', '2:send'] },
  ])('$name', ({ subs, a, cascade, want }) => {
    expect(route(a, subs, cascade)).toEqual(want);
  });
});
