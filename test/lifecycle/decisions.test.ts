import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { deliveryId, jobIdFor } from '../../src/lifecycle/dedup.js';
import { digestSlot, editSlot } from '../../src/lifecycle/fold.js';
import { isHeld } from '../../src/lifecycle/hold.js';
import { isInhibited } from '../../src/lifecycle/inhibit.js';
import { isMuted } from '../../src/lifecycle/mute.js';

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
