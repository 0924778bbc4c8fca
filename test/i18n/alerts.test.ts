import { describe, expect, it } from 'vitest';
import { alertMessage, cascadeUpdateMessage } from '../../src/alerts/message.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { digestMessage, localAlertMessage, localCascadeUpdate } from '../../src/i18n/alert-message.js';
import { renderAlert, UnknownAlertKindError, type AlertFacts } from '../../src/i18n/alerts.js';
import type { Locale } from '../../src/i18n/locale.js';
import type { MarketEvent } from '../../src/market/types.js';
import { formatUtc } from '../../src/render/format.js';
import { Engine } from '../../src/rules/engine.js';
import { demoDay } from './demo-day.js';

const EN: Locale = { lang: 'en', tz: 'UTC' };
const ZH: Locale = { lang: 'zh', tz: 'Asia/Shanghai' };

describe('alert texts from data: English on UTC is byte for byte what the rules print', () => {
  const { printed } = demoDay();

  it('covers every kind the demo day fires', () => {
    expect(new Set(printed.map((a) => a.kind))).toEqual(new Set(['level_break', 'pct_move', 'liquidations', 'large_liquidation', 'cross_market', 'cascade', 'leverage_flush', 'whale']));
  });

  it('every printed alert', () => {
    for (const a of printed) expect(renderAlert(a, EN), `${a.kind} ${a.id}`).toEqual({ title: a.title, text: a.text });
  });

  it('the alert message and the cascade update equal src/alerts/message.ts', () => {
    for (const a of printed) expect(localAlertMessage(a, EN)).toEqual(alertMessage(a));
    const cascade = printed.find((a) => a.kind === 'cascade')!;
    const folded = printed.filter((a) => a.ts > cascade.ts);
    expect(localCascadeUpdate(cascade, folded, EN)).toEqual(cascadeUpdateMessage(cascade, folded));
  });

  it('the quiet-hours digest keeps the worker’s English', () => {
    const held = printed.slice(0, 3);
    expect(digestMessage(held, EN)).toEqual({ title: 'While you were in quiet hours: 3 alerts', severity: 'warning', blocks: [{ type: 'list', items: held.map((a) => `${formatUtc(a.ts).slice(11, 16)} ${a.title}`) }] });
    expect(digestMessage(held.slice(0, 1), EN)!.title).toBe('While you were in quiet hours: 1 alert');
    expect(digestMessage([], EN)).toBeNull();
  });
});

describe('the demo day in Chinese on Beijing time', () => {
  const { printed } = demoDay();
  const zh = printed.map((a) => ({ a, ...renderAlert(a, ZH) }));
  const find = (kind: string, pred: (a: AlertFacts) => boolean = () => true) => zh.find((z) => z.a.kind === kind && pred(z.a))!;

  it('BTC breaks 85,000 at 21:25 UTC+8', () => {
    const z = find('level_break', (a) => a.symbol === 'BTC');
    expect(z.title).toBe('BTC 跌破 85,000 美元');
    expect(z.text).toBe('BTC 于 2026-01-29 21:25 UTC+8 跌破 85,000 美元关口，综合价 84,989 美元（5 家交易所中位数）。');
  });

  it('liquidations in 亿/万 with the long share', () => {
    expect(find('liquidations').title).toBe('1 小时内爆仓 1.00 亿美元，多单占 96%');
    expect(find('large_liquidation', (a) => a.symbol === 'BTC').title).toBe('Hyperliquid 单笔爆仓 3,164 万美元：BTC 多单');
  });

  it('the cascade reads as 多单连环爆仓 and lists its triggers in Chinese', () => {
    const c = find('cascade');
    expect(c.title).toBe('多单连环爆仓：1 小时内爆仓 1.00 亿美元，多单占 96%');
    expect(c.text).toContain('ETH 跌破 2,900 美元');
    const msg = localAlertMessage(c.a, ZH);
    expect(msg.blocks[1]).toEqual({ type: 'heading', text: '触发因素' });
    expect(msg.blocks[2]).toMatchObject({ type: 'list', items: expect.arrayContaining(['21:22 ETH 跌破 2,900 美元']) });
    expect(msg.footer).toBe('连环爆仓 · 2026-01-29 21:24 UTC+8');
  });

  it('cross-market names the indices in Chinese', () => {
    expect(find('cross_market').title).toBe('美股转向避险：纳指 −1.5%');
  });

  it('no English word and no dollar sign is left; data is untouched', () => {
    for (const z of zh) {
      expect(`${z.title} ${z.text}`, z.a.id).not.toMatch(/\$|\b(liquidat\w*|breaks|falls|venues?|longs?|shorts?|composite)\b/i);
    }
    const before = JSON.stringify(printed);
    printed.forEach((a) => renderAlert(a, ZH));
    expect(JSON.stringify(printed)).toBe(before);
  });

  it('the digest title counts in Chinese', () => expect(digestMessage(printed.slice(0, 4), ZH)!.title).toBe('免打扰期间共有 4 条提醒'));
});

describe('a short squeeze never reads as a crash', () => {
  it('空头挤压, with the shorts share', () => {
    const e = new Engine(DEFAULT_RULES);
    const fired: AlertEvent[] = [];
    const T0 = Date.UTC(2026, 2, 3, 12);
    for (let i = 0; i <= 60; i++) {
      const p = 84_000 * (1 + 0.001 * i);
      const evs: MarketEvent[] = ['a', 'b', 'c'].map((source) => ({ kind: 'price', ts: T0 + i * 60_000, source, symbol: 'BTC', price: p }));
      evs.push({ kind: 'liquidation', ts: T0 + i * 60_000 + 1, source: 'bybit', symbol: 'BTC', side: 'short', price: p, qty: 30, notionalUsd: 3_000_000 });
      for (const ev of evs) fired.push(...e.ingest(ev).map((a) => structuredClone(a))); // as printed when it fired (the live alert's triggers grow)
    }
    const squeeze = fired.find((a) => a.kind === 'cascade')!;
    expect(renderAlert(squeeze, EN)).toEqual({ title: squeeze.title, text: squeeze.text });
    const zh = renderAlert(squeeze, ZH);
    expect(zh.title).toMatch(/^空头挤压：1 小时内爆仓 1.02 亿美元，空单占 100%$/);
    expect(zh.text).not.toMatch(/多单|暴跌/);
  });
});

describe('the coming kinds (DESIGN §3 data)', () => {
  const base = { ts: Date.UTC(2026, 0, 29, 13, 40), severity: 'warning' as const };
  it('leverage_flush', () => {
    const a: AlertFacts = { ...base, kind: 'leverage_flush', symbol: 'BTC', data: { windowMs: 3_600_000, changePct: -6.2, oiFrom: 98_000, oiTo: 91_924, sources: ['binance', 'bybit', 'okx'] } };
    expect(renderAlert(a, EN)).toEqual({ title: 'BTC open interest −6.2% in 1h: leverage washed out', text: 'BTC open interest −6.2% over 1h: 98,000 → 91,924 BTC (base units, summed over 3 venues).' });
    expect(renderAlert(a, ZH).title).toBe('BTC 持仓量 1 小时涨跌幅 −6.2%：杠杆出清');
  });

  it('whale events', () => {
    const data = { account: '0x1234567890abcdef1234567890abcdef12345678', label: null, size: -120, unrealizedPnlUsd: -53e6, markPrice: 86_000, liquidationPrice: 87_200 };
    const near: AlertFacts = { ...base, kind: 'whale', symbol: 'BTC', data: { ...data, event: 'near_liquidation' } };
    expect(renderAlert(near, EN).title).toBe('Whale near liquidation: 0x1234…5678, BTC short 1.4% away');
    expect(renderAlert(near, ZH).title).toBe('巨鲸逼近强平：0x1234…5678 的 BTC 空单距强平价仅 1.4%');
    const loss = renderAlert({ ...near, data: { ...data, label: 'Machi', event: 'loss' } }, ZH);
    expect(loss.title).toBe('巨鲸浮亏：Machi 的 BTC 空单未实现盈亏 −5,300 万美元');
    const liquidated = { ...near, data: { ...data, event: 'liquidated', notionalUsd: 10_320_000 } };
    expect(renderAlert(liquidated, EN).text).toBe('Tracked account 0x1234…5678 (0x1234…5678) was liquidated on its BTC short (120 BTC): $10.32M at $86,000; unrealized PnL before it −$53.00M.');
    expect(renderAlert({ ...liquidated, data: { ...liquidated.data, unrealizedPnlUsd: null } }, EN).text).toMatch(/\$10\.32M at \$86,000\.$/);
    expect(renderAlert(liquidated, ZH).text).toBe('追踪地址 0x1234…5678（0x1234…5678）的 BTC 空单（120 BTC）在 86,000 美元被强平，金额 1,032 万美元；强平前未实现盈亏 −5,300 万美元。');
  });

  it('an unknown kind is a clear error', () => {
    expect(() => renderAlert({ ...base, kind: 'nope', symbol: null, data: {} }, EN)).toThrow(UnknownAlertKindError);
  });

  it('missing data writes dashes, never throws', () => {
    expect(renderAlert({ ...base, kind: 'level_break', symbol: 'BTC', data: {} }, EN).text).toBe('BTC reclaims the $— level at 2026-01-29 13:40 UTC: composite $— (median of — venues).');
  });
});
