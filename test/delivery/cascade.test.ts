import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/types.js';
import { PlatformError } from '../../src/chat/errors.js';
import type { RichMessage } from '../../src/chat/message.js';
import { DeliveryLedger } from '../../src/delivery/ledger.js';
import { deliveryId, jobIdFor } from '../../src/lifecycle/dedup.js';
import type { ChatSettings } from '../../src/store/settings.js';
import { RecordingPlatform } from '../helpers/recording-platform.js';
import { uniquePrefix } from '../helpers/redis.js';
import { crashDay } from './crash-day.js';
import { deliverySuite, type DeliveryHarness, waitFor } from './harness.js';

const suite = deliverySuite();
let h: DeliveryHarness;

const day = crashDay({ BTC: [86_500] });
const find = (title: string): AlertEvent => day.alerts.find((a) => a.alert.title === title)!.alert;
const CASCADE = day.alerts.find((a) => a.alert.kind === 'cascade')!.alert;

/** linesOf is every line a reader sees in a message: its title and its list items. */
const linesOf = (m: RichMessage): string[] => [m.title, ...m.blocks.flatMap((b) => (b.type === 'list' ? b.items : b.type === 'text' ? [b.text] : []))];
const shows = (p: RecordingPlatform, chat: string, text: string) => p.shown(chat).some((m) => linesOf(m).some((l) => l.includes(text)));

function setup(groupWaitMs = 0, platform = new RecordingPlatform()) {
  h = suite.harness(uniquePrefix('casc'), platform, 300, groupWaitMs);
  return platform;
}
async function chat(id: string, s: Partial<ChatSettings> = {}) {
  await h.subs.subscribe('telegram', id, 0);
  await h.subs.updateSettings('telegram', id, (cur) => ({ ...cur, ...s }), 0);
}
const outcomes = (o: string) => h.outcomes.filter((x) => x === o).length;

describe('group wait: an alert that could set off a cascade waits before it is posted alone', () => {
  it('the cascade formed within the wait absorbs it: one message, the alert listed in it', async () => {
    const p = setup(600);
    await chat('1');
    const liq = find('$100.0M liquidated in 1h, 96% longs');
    await h.producer.publish(liq, Date.now());
    await h.producer.publish(CASCADE, Date.now());
    expect((await h.queue.getJob(jobIdFor('send', liq.id, 'telegram', '1')))!.opts.delay).toBe(600);
    expect((await h.queue.getJob(jobIdFor('send', CASCADE.id, 'telegram', '1')))!.opts.delay ?? 0).toBe(0);
    suite.workers.push(h.worker());
    await waitFor(() => outcomes('absorbed') === 1, 20_000, 'the liquidation alert absorbed');
    expect(p.receipts.map((r) => r.title)).toEqual([`🚨 ${CASCADE.title}`]);
    expect(shows(p, '1', `13:24 ${liq.title}`)).toBe(true);
  });

  it('an alert no cascade took within the wait is posted alone; a cascade later still names it among its triggers', async () => {
    const p = setup(300);
    await chat('1');
    const eth = find('ETH breaks below $2,900');
    suite.workers.push(h.worker());
    await h.producer.publish(eth, Date.now());
    await waitFor(() => p.receipts.length === 1, 20_000, 'ETH posted alone');
    await h.producer.publish(CASCADE, Date.now());
    await waitFor(() => p.receipts.length === 2, 20_000, 'the cascade');
    expect(p.receipts.map((r) => r.title)).toEqual([`⚠️ ${eth.title}`, `🚨 ${CASCADE.title}`]);
    expect(linesOf(p.receipts[1].msg)).toContain(`13:22 ${eth.title}`);
  });
});

describe('folding respects each chat', () => {
  it('lists a folded alert only where the chat would have had it alone; a custom level only for the chat that set it', async () => {
    const p = setup();
    await chat('all');
    await chat('eth', { assets: ['ETH'] });
    await chat('crit', { minSeverity: 'critical' });
    await chat('own', { levels: { BTC: [86_500] } });
    await chat('nopct', { mutes: [{ until: Date.now() + 3_600_000, kind: 'pct_move' }] });
    const custom = find('BTC breaks below $86,500');
    await h.producer.publish(custom, Date.now());
    await h.producer.publish(CASCADE, Date.now());
    const folded = ['BTC falls −5.0% in 1d', 'ETH breaks below $2,800', '$500.0M liquidated in 1d, 94% longs'].map(find);
    for (const a of folded) await h.producer.publish(a, Date.now());
    suite.workers.push(h.worker());
    const want: Record<string, string[]> = {
      all: ['BTC falls −5.0% in 1d', 'ETH breaks below $2,800', '$500.0M liquidated in 1d, 94% longs'],
      eth: ['ETH breaks below $2,800', '$500.0M liquidated in 1d, 94% longs'],
      crit: ['$500.0M liquidated in 1d, 94% longs'],
      own: ['BTC falls −5.0% in 1d', 'ETH breaks below $2,800', '$500.0M liquidated in 1d, 94% longs'],
      nopct: ['ETH breaks below $2,800', '$500.0M liquidated in 1d, 94% longs'],
    };
    await waitFor(() => Object.entries(want).every(([c, w]) => w.every((t) => shows(p, c, t))), 20_000, 'every chat updated');
    await new Promise((r) => setTimeout(r, 700));
    for (const [c, w] of Object.entries(want)) {
      for (const a of folded) expect(shows(p, c, a.title), `${c}: ${a.title}`).toBe(w.includes(a.title));
      expect(shows(p, c, 'BTC breaks below $86,500'), `${c}: the custom level`).toBe(c === 'own');
    }
    expect(p.receipts.filter((r) => !r.edit).map((r) => r.chatId).sort()).toEqual(['all', 'crit', 'eth', 'nopct', 'own']);
  });
});

describe('cascade updates that land', () => {
  it('an update whose cascade message failed for good is posted whole as a new one, not delayed forever', async () => {
    const p = setup();
    await chat('1');
    p.failNext('1', () => new PlatformError('fatal', 'Bad Request: something our side', { status: 400 }));
    await h.producer.publish(CASCADE, Date.now());
    suite.workers.push(h.worker());
    await waitFor(() => outcomes('dead_letter') === 1, 20_000, 'the cascade dead-lettered');
    await h.producer.publish(find('ETH breaks below $2,800'), Date.now());
    await waitFor(() => outcomes('resent') === 1, 20_000, 'the update posted anew');
    expect(p.receipts.map((r) => [r.title, r.edit])).toEqual([[`🚨 ${CASCADE.title}`, false]]);
    expect(shows(p, '1', 'ETH breaks below $2,800')).toBe(true);
    expect(outcomes('waiting')).toBe(0);
  });

  it('an update of a message that can no longer be edited posts a new one, which later updates edit', async () => {
    const p = setup();
    await chat('1');
    await h.producer.publish(CASCADE, Date.now());
    suite.workers.push(h.worker());
    await waitFor(() => p.receipts.length === 1, 20_000, 'the cascade');
    p.failNext('1', () => new PlatformError('uneditable', "Bad Request: message can't be edited", { status: 400 }));
    await h.producer.publish(find('ETH breaks below $2,800'), Date.now());
    await waitFor(() => outcomes('resent') === 1, 20_000, 'posted anew');
    await h.producer.publish(find('$500.0M liquidated in 1d, 94% longs'), Date.now() + 1000);
    await waitFor(() => outcomes('edited') === 1, 20_000, 'the new message edited');
    const [first, second, edit] = p.receipts;
    expect([first.edit, second.edit, edit.edit]).toEqual([false, false, true]);
    expect(edit.messageId).toBe(second.messageId);
    expect(outcomes('dead_letter')).toBe(0);
  });

  it('an update of a cascade message past the 48 h edit window is posted as a new message', async () => {
    const p = setup();
    await chat('1');
    await h.producer.publish(CASCADE, Date.now());
    const ledger = new DeliveryLedger(h.redis, h.prefix);
    await ledger.record(deliveryId(CASCADE.id, 'telegram', '1'), { messageIds: ['77'] }, Date.now() - 49 * 3_600_000);
    suite.workers.push(h.worker());
    await h.producer.publish(find('ETH breaks below $2,800'), Date.now());
    await waitFor(() => outcomes('resent') === 1, 20_000, 'posted anew');
    expect(p.receipts.filter((r) => r.edit)).toHaveLength(0);
  });

  it('a re-published alert (a restart, a replay) that was folded is never posted alone', async () => {
    const p = setup();
    await chat('1');
    await h.producer.publish(CASCADE, Date.now());
    const big = find('$31.64M BTC long liquidated on hyperliquid');
    expect(await h.producer.publish(big, Date.now())).toEqual({ send: 0, fold: 1, hold: 0 });
    expect(await h.producer.publish({ ...big, cascadeId: undefined }, Date.now())).toEqual({ send: 0, fold: 0, hold: 0 });
    suite.workers.push(h.worker());
    await waitFor(() => outcomes('edited') === 1, 20_000, 'the update');
    expect(p.receipts.filter((r) => !r.edit)).toHaveLength(1);
  });
});

describe('dead letters are loud', () => {
  it('one warning line each (platform, chat, alert id, reason, token scrubbed), counted, and the last one kept', async () => {
    const p = setup();
    const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
    h.deps.log = { warn: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) };
    await chat('-100900');
    const token = '123456789:AAHmadeUpTokenForTheDeadLetterTest0';
    p.failNext('-100900', () => new PlatformError('fatal', `Bad Request at https://api.telegram.org/bot${token}/sendMessage`, { status: 400 }));
    const eth = find('ETH breaks below $3,000');
    await h.producer.publish(eth, Date.now());
    suite.workers.push(h.worker());
    await waitFor(() => lines.length === 1, 20_000, 'the warning');
    await new Promise((r) => setTimeout(r, 300));
    expect(lines).toHaveLength(1);
    expect(lines[0].obj).toMatchObject({ platform: 'telegram', chatId: '-100900', alertId: eth.id });
    expect(JSON.stringify(lines)).not.toContain(token.split(':')[1]);
    expect(outcomes('dead_letter')).toBe(1);
    const { DeadLetters } = await import('../../src/delivery/dead-letters.js');
    const dead = new DeadLetters(h.redis, h.prefix);
    expect(await dead.count()).toBe(1);
    expect(await dead.last()).toMatchObject({ platform: 'telegram', chatId: '-100900', alertId: eth.id, reason: expect.stringContaining('[REDACTED]') });
  });
});
