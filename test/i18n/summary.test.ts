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

/** The same days as they were before issues 12 and 13 (no open interest, funding or positions), as the golden file has them. */
const classicDays: Record<string, () => SummaryData> = {
  ...days,
  'the demo day': () => demoDay(false, false).run.summary.data,
  'a calm day': () => demoDay(true, false).run.summary.data,
  'the demo day with an aggregator figure, a gap, an unknown venue and no Wall Street': () => {
    const d = structuredClone(demoDay(false, false).run.summary.data);
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
const GOLDEN = JSON.parse(
  readFileSync(new URL('../fixtures/summary-en-utc.json', import.meta.url), 'utf8')
    // Issue 13 words Hyperliquid's coverage as the issue asks; nothing else may differ.
    .replaceAll('Hyperliquid liquidations as observed', 'Hyperliquid: backstop liquidations and tracked accounts only; market liquidations through the book are not public: a floor'),
) as Record<string, { doc: unknown; text: string; message: unknown }>;

describe('localized summary: English on UTC is byte for byte what the English-only writer wrote (days without open interest, funding or positions)', () => {
  for (const [name, day] of Object.entries(classicDays)) {
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
    expect(doc.sections.map((s) => s.heading)).toEqual(['关键点位', '爆仓', '杠杆与持仓', '跨市场', '巨鲸动向', '后市关注', '数据来源与覆盖']);
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
  const T = Date.UTC(2026, 0, 29);
  const d: LocalSummaryData = {
    ...demoDay().run.summary.data,
    leverage: {
      BTC: {
        oiFrom: 98_000, oiLow: 90_100, oiTo: 91_924, changePct: -6.2, fundingFrom: 0.0001, fundingTo: -0.00005, sources: ['binance', 'bybit'],
        oiHigh: 98_400, oiHighTs: T + 13 * 3_600_000, oiLowTs: T + 14 * 3_600_000 + 5 * 60_000,
        fundingBySource: { binance: { from: 0.0001, to: 0.00002 }, bybit: { from: 0.0001, to: -0.00012 } },
        clusters: [{ side: 'long', low: 82_000, high: 82_500, relative: 1 }, { side: 'short', low: 88_000, high: 88_500, relative: 0.6 }],
      },
    },
    whales: [
      { account: '0x1234567890abcdef1234567890abcdef12345678', label: null, worstUnrealizedPnlUsd: -53e6, liquidated: false, liquidatedUsd: 0 },
      { account: '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd', label: 'Machi', worstUnrealizedPnlUsd: -2e6, liquidated: true, liquidatedUsd: 6e6 },
    ],
  };

  it('in English: the reading, the path, funding per venue where they disagree, the estimate labelled as one, the whales', () => {
    const doc = localSummaryDoc(d, EN);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Key levels', 'Liquidations', 'Leverage', 'Cross-market', 'Whales', 'What to watch', 'Sources and coverage']);
    const lev = doc.sections[2];
    expect(lev.paragraph).toBe('Leverage flushed: BTC open interest −8.4% from 13:00 UTC; funding turned negative on Bybit.');
    expect(lev.items.slice(0, 2)).toEqual([
      'BTC: open interest 98,000 → 91,924 BTC (−6.2%; low 90,100 at 14:05 UTC; 2 venues), funding +0.0100% → −0.0050% per 8h (mean across venues).',
      'BTC funding by venue, per 8h: Binance +0.0100% → +0.0020%, Bybit +0.0100% → −0.0120%.',
    ]);
    expect(doc.sections[4].items).toEqual([
      '0x1234…5678: worst unrealized PnL −$53.00M.',
      'Machi: worst unrealized PnL −$2.00M; liquidated ($6.00M).',
      'Largest Hyperliquid liquidation seen: $31.64M BTC long at $84,720, 13:32 UTC (backstop liquidations and tracked accounts only: a floor).',
    ]);
    const watch = doc.sections[5].items;
    expect(watch).toContain('BTC open interest back to 93% of its pre-crash level: leverage not back yet.');
    expect(watch).toContain('Where leverage sits, BTC (an estimate from open-interest increases and an assumed leverage mix; relative sizes, not a forecast): longs $82,000–$82,500 (largest), shorts $88,000–$88,500 (60% of that).');
  });

  it('in Chinese', () => {
    const doc = localSummaryDoc(d, ZH);
    expect(doc.sections[2].paragraph).toBe('杠杆出清：BTC 持仓量较 21:00 UTC+8 高点 −8.4%；Bybit 资金费率转负。');
    expect(doc.sections[2].items[0]).toBe('BTC：持仓量 98,000 → 91,924 BTC（−6.2%，22:05 UTC+8 低点 90,100，2 家交易所合计），资金费率 +0.0100% → −0.0050%（每 8 小时，各交易所均值）。');
    expect(doc.sections[4].items.slice(0, 2)).toEqual(['0x1234…5678：未实现盈亏最低至 −5,300 万美元。', 'Machi：未实现盈亏最低至 −200 万美元，已被强平（600 万美元）。']);
  });

  it('in Chinese, venues joined with 和 are set off by spaces like every Latin name', () => {
    const both = { ...d.leverage!.BTC, fundingBySource: { bybit: { from: 0.0001, to: -0.00012 }, okx: { from: 0.0001, to: -0.0001 }, binance: { from: 0.0001, to: -0.00002 } } };
    const doc = localSummaryDoc({ ...d, leverage: { BTC: both } }, ZH);
    expect(doc.sections[2].paragraph).toContain('币安、Bybit 和欧易 OKX 资金费率转负');
  });
});
