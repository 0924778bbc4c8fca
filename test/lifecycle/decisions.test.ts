import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { deliveryId, jobIdFor } from '../../src/lifecycle/dedup.js';
import { digestSlot, editSlot } from '../../src/lifecycle/fold.js';
import { isHeld } from '../../src/lifecycle/hold.js';
import { isInhibited } from '../../src/lifecycle/inhibit.js';
import { isMuted } from '../../src/lifecycle/mute.js';
import { isAbsorbed } from '../../src/lifecycle/group.js';
import { chatCascadeView } from '../../src/lifecycle/view.js';
import { DEFAULT_SETTINGS, type Subscription } from '../../src/store/settings.js';

const alert = (o: Partial<AlertEvent> = {}): AlertEvent => ({ id: 'a1', kind: 'level_break', severity: 'warning', symbol: 'BTC', ts: 0, title: 't', text: 't', data: {}, ...o });

describe('lifecycle decisions (pure, now passed in)', () => {
  it.each([
    ['an alert a cascade explains, in a chat the cascade reached', alert({ cascadeId: 'c1' }), true, true],
    ['an alert a cascade explains, in a chat it never reached', alert({ cascadeId: 'c1' }), false, false],
    ['an alert no cascade explains', alert(), true, false],
    ['the cascade itself', alert({ kind: 'cascade', cascadeId: 'c1' }), true, false],
  ])('inhibit: %s', (_name, a, reached, want) => {
    expect(isInhibited(a, () => reached)).toBe(want);
  });

  it.each([
    ['a mute of everything', [{ until: 100 }], alert(), true],
    ['a mute of this kind', [{ until: 100, kind: 'level_break' as const }], alert(), true],
    ['a mute of this asset', [{ until: 100, asset: 'BTC' }], alert(), true],
    ['a mute of another asset', [{ until: 100, asset: 'ETH' }], alert(), false],
    ['an expired mute', [{ until: 10 }], alert(), false],
  ])('mute: %s', (_name, mutes, a, want) => {
    expect(isMuted(a, mutes, 10)).toBe(want);
  });

  it.each([
    ['a warning inside quiet hours', 'warning' as const, Date.UTC(2026, 0, 1, 23, 30), true],
    ['a critical alert inside quiet hours breaks through', 'critical' as const, Date.UTC(2026, 0, 1, 23, 30), false],
    ['a warning outside quiet hours', 'warning' as const, Date.UTC(2026, 0, 1, 12), false],
  ])('hold: %s', (_name, severity, now, want) => {
    expect(isHeld(alert({ severity }), { start: '22:00', end: '06:00' }, 'UTC', now)).toBe(want);
  });

  it('fold: an edit waits for the next interval, and every fold in one interval shares its slot', () => {
    expect(editSlot(61_000, 60_000)).toEqual({ slot: 2, delayMs: 59_000 });
    expect(editSlot(119_999, 60_000).slot).toBe(2);
    expect(digestSlot(119_999, 60_000)).toBe(1);
  });

  it('dedup: ids are deterministic, per chat and slot, and never contain a colon', () => {
    const id = jobIdFor('edit', 'cascade:down:1', 'telegram', '-100:1', '7');
    expect(id).toBe(jobIdFor('edit', 'cascade:down:1', 'telegram', '-100:1', '7'));
    expect(id).not.toBe(jobIdFor('edit', 'cascade:down:1', 'telegram', '-100:1', '8'));
    expect(id).not.toContain(':');
    expect(deliveryId('m1', 'discord', '42')).toBe('m1|discord|42');
  });
});

describe('cascade views per chat', () => {
  it.each([
    ['listed by a cascade that reached the chat', alert(), 'c1', true, true],
    ['listed by a cascade that did not reach the chat', alert(), 'c1', false, false],
    ['listed by no cascade', alert(), null, false, false],
    ['the cascade itself', alert({ kind: 'cascade' }), 'c1', true, false],
  ] as const)('absorbed: %s', (_name, a, cascadeOf, reached, want) => {
    expect(isAbsorbed(a, cascadeOf, reached)).toBe(want);
  });

  const sub = (s: Partial<Subscription['settings']>): Subscription => ({ platform: 'telegram', chatId: '1', active: true, createdAt: 0, updatedAt: 0, settings: { ...DEFAULT_SETTINGS, ...s } });
  const custom = { id: 't1', kind: 'level_break' as const, severity: 'warning' as const, symbol: 'BTC', ts: 1, title: 'BTC breaks below $86,500', data: { level: 86500, direction: 'down', custom: true } };
  const eth = { id: 't2', kind: 'level_break' as const, severity: 'warning' as const, symbol: 'ETH', ts: 2, title: 'ETH breaks below $2,900', data: { level: 2900, direction: 'down' } };
  const cascade = alert({ id: 'c1', kind: 'cascade', severity: 'critical', symbol: null, data: { direction: 'down', triggers: [custom, eth] } });
  const folded = [{ alert: alert({ id: 'f2', ts: 20, symbol: 'ETH' }), at: 0 }, { alert: alert({ id: 'f1', ts: 10, kind: 'pct_move' }), at: 0 }];

  it.each([
    ['default settings: no custom level, everything else, oldest first', {}, ['t2'], ['f1', 'f2']],
    ['the chat that set the level sees it', { levels: { BTC: [86500] } }, ['t1', 't2'], ['f1', 'f2']],
    ['an ETH-only chat', { assets: ['ETH'] }, ['t2'], ['f2']],
    ['a critical-only chat', { minSeverity: 'critical' as const }, [], []],
    ['a chat that muted pct_move (as of the fold)', { mutes: [{ until: 5, kind: 'pct_move' as const }] }, ['t2'], ['f2']],
  ])('view: %s', (_name, settings, triggers, shown) => {
    const v = chatCascadeView(cascade, 0, folded, sub(settings));
    expect(v.triggers.map((t) => t.id)).toEqual(triggers);
    expect(v.folded.map((f) => f.id)).toEqual(shown);
  });
});
