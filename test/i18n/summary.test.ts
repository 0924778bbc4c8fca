import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/config/rules-defaults.js';
import { localSummaryDoc, localSummaryMessage, summaryText, type LocalSummaryData } from '../../src/i18n/summary.js';
import type { Locale } from '../../src/i18n/locale.js';
import type { MarketEvent } from '../../src/market/types.js';
import { Engine } from '../../src/rules/engine.js';
import { buildSummary } from '../../src/summary/index.js';
import { readFileSync } from 'node:fs';
import type { SummaryData } from '../../src/summary/types.js';
import { demoDay } from './demo-day.js';

const EN: Locale = { lang: 'en', tz: 'UTC' };
const ZH: Locale = { lang: 'zh', tz: 'Asia/Shanghai' };

/** The tone tests' day (test/summary/tone.test.ts): an hour of BTC moving 0.1% a minute with one-sided liquidations. */
function toneDay(direction: 1 | -1, side: 'long' | 'short'): SummaryData {
  const e = new Engine(DEFAULT_RULES);
  const T0 = Date.UTC(2026, 2, 3, 12);
  for (let i = 0; i <= 60; i++) {
    const p = 84_000 * (1 + direction * 0.001 * i);
    const evs: MarketEvent[] = ['a', 'b', 'c'].map((source) => ({ kind: 'price', ts: T0 + i * 60_000, source, symbol: 'BTC', price: p }));
    evs.push({ kind: 'liquidation', ts: T0 + i * 60_000 + 1, source: 'bybit', symbol: 'BTC', side, price: p, qty: 30, notionalUsd: 3_000_000 });
    evs.forEach((ev) => e.ingest(ev));
  }
  return buildSummary(e, e.history.firstTs, e.market.clock).data;
}

const days: Record<string, () => SummaryData> = {
  'the demo day': () => demoDay().run.summary.data,
  'a calm day': () => demoDay(true).run.summary.data,
  'the tone test’s squeeze': () => toneDay(1, 'short'),
  'the tone test’s flush': () => toneDay(-1, 'long'),
  'the demo day with an aggregator figure, a gap, an unknown venue and no Wall Street': () => {
    const d = structuredClone(demoDay().run.summary.data);
    d.liquidations.aggregatorUsd = { source: 'coinglass', totalUsd: 665e6, longUsd: 600e6, shortUsd: 65e6 };
    d.gaps = [{ source: 'bybit', fromTs: d.from + 3_600_000, toTs: d.from + 3_607_000 }];
    d.sources.push({ source: 'newvenue', feeds: ['liquidation', 'price'], events: 2, notes: ['newvenue liquidations as observed: completeness unknown'] });
    d.crossMarket = {};
    d.crossMarketDetail = {};
    return d;
  },
};

/**
 * What the English summary writer of src/summary/text.ts and message.ts wrote for each day before src/i18n became
 * the summaries' one home (generated from those files at commit 415bc3e, then removed): English on UTC must not drift.
 */
const GOLDEN = JSON.parse(readFileSync(new URL('../fixtures/summary-en-utc.json', import.meta.url), 'utf8')) as Record<string, { doc: unknown; text: string; message: unknown }>;

describe('localized summary: English on UTC is byte for byte what the English-only writer wrote', () => {
  for (const [name, day] of Object.entries(days)) {
    it(name, () => {
      const d = day();
      expect(localSummaryDoc(d, EN)).toEqual(GOLDEN[name].doc);
      expect(summaryText(localSummaryDoc(d, EN))).toBe(GOLDEN[name].text);
      expect(localSummaryMessage({ data: d }, EN, null)).toEqual(GOLDEN[name].message);
    });
  }
});

describe('the summary in Chinese', () => {
  const text = (d: SummaryData) => summaryText(localSummaryDoc(d, ZH));

  it('the demo day reads as a Chinese desk note on Beijing time', () => {
    const doc = localSummaryDoc(demoDay().run.summary.data, ZH);
    expect(doc.title).toBe('暴跌复盘：BTC −4.3%，ETH −6.7%，爆仓 6.14 亿美元，多单占 91%');
    expect(doc.lead).toMatch(/^2026-01-29 08:00 UTC\+8 至 2026-01-30 07:59 UTC\+8，市场经历了一轮由杠杆驱动的抛售。BTC 盘中最大跌幅 5\.2%，跌破 85,000 美元；/);
    expect(doc.sections.map((s) => s.heading)).toEqual(['关键点位', '爆仓', '跨市场', '后市关注', '数据来源与覆盖']);
    expect(doc.sections[0].items[0]).toContain('21:25 UTC+8 跌破 85,000 美元');
    expect(doc.sections[1].items).toContain('最大单笔：21:32 UTC+8，Hyperliquid 一笔 BTC 多单在 84,720 美元爆仓，金额 3,164 万美元。');
  });

  it('keeps no English word or dollar sign outside names', () => {
    for (const d of [demoDay().run.summary.data, toneDay(1, 'short'), days['the demo day with an aggregator figure, a gap, an unknown venue and no Wall Street']()]) {
      const t = text(d).replace(/Bybit allLiquidation|newvenue|Cascade/g, '');
      expect(t).not.toMatch(/\$|\b(liquidat\w*|longs?|shorts?|venues?|open|low|last|the|of|and)\b/i);
    }
  });

  it('a squeeze is a squeeze, never a crash', () => {
    const t = text(toneDay(1, 'short'));
    expect(t).toMatch(/^空头挤压复盘：/);
    expect(t).not.toMatch(/暴跌|抛售|跌破|下跌/);
  });
});

describe('leverage and whales, when the data has them', () => {
  const d: LocalSummaryData = {
    ...demoDay().run.summary.data,
    leverage: { BTC: { oiFrom: 98_000, oiLow: 90_100, oiTo: 91_924, changePct: -6.2, fundingFrom: 0.0001, fundingTo: -0.00005 } },
    whales: [{ account: '0x1234567890abcdef1234567890abcdef12345678', label: null, worstUnrealizedPnlUsd: -53e6, liquidated: false }, { account: '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd', label: 'Machi', worstUnrealizedPnlUsd: -2e6, liquidated: true }],
  };

  it('in English', () => {
    const doc = localSummaryDoc(d, EN);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Key levels', 'Liquidations', 'Leverage', 'Cross-market', 'Whales', 'What to watch', 'Sources and coverage']);
    const lev = doc.sections[2];
    expect(lev.paragraph).toBe('Open interest fell on BTC: leverage was washed out.');
    expect(lev.items).toEqual(['BTC: open interest 98,000 → 91,924 BTC (−6.2%; low 90,100), funding +0.0100% → −0.0050% per 8h.']);
    expect(doc.sections[4].items).toEqual(['0x1234…5678: worst unrealized PnL −$53.00M.', 'Machi: worst unrealized PnL −$2.00M; liquidated.']);
  });

  it('in Chinese', () => {
    const doc = localSummaryDoc(d, ZH);
    expect(doc.sections[2]).toEqual({ heading: '杠杆与持仓', paragraph: 'BTC 持仓量明显下降：杠杆被集中出清。', items: ['BTC：持仓量 98,000 → 91,924 BTC（−6.2%，低点 90,100），资金费率 +0.0100% → −0.0050%（每 8 小时）。'] });
    expect(doc.sections[4].items).toEqual(['0x1234…5678：未实现盈亏最低至 −5,300 万美元。', 'Machi：未实现盈亏最低至 −200 万美元，已被强平。']);
  });
});
