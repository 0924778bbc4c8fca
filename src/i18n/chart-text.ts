/**
 * The crash chart's words, formats and time zone for a chat's locale (the `text` of a ChartInput): the
 * catalogue's chart entries, amounts in the language's units, time labels and ticks on the chat's clock.
 */

import { FONT_FAMILY } from '../render/chart-text.js';
import type { ChartText } from '../render/chart-text.js';
import { CJK_FONT_FAMILY } from '../render/cjk-font.js';
import { formatNumber } from '../render/format.js';
import { DAY_MS, decimalsOf } from '../render/scale.js';
import { textsFor, type Texts } from './catalogue.js';
import type { Lang, Locale } from './locale.js';
import { isLocalMidnight, offsetMs, zoned } from './time.js';

/** Axis units per language, largest first: $1.5B / $50M / $800K, or 1.5亿 / 3,000万 (the caption says USD). */
const AXIS_UNITS: Record<Lang, ReadonlyArray<readonly [number, string]>> = {
  en: [[1e9, 'B'], [1e6, 'M'], [1e3, 'K'], [1, '']],
  zh: [[1e8, '亿'], [1e4, '万'], [1, '']],
};
const AXIS_ZERO: Record<Lang, string> = { en: '$0', zh: '0' };
const AXIS_PREFIX: Record<Lang, string> = { en: '$', zh: '' };

function dayMonth(x: Texts, ts: number): string {
  const z = zoned(ts, x.locale.tz);
  return x.t('chart.dayMonth', { day: String(z.day), month: String(z.month) });
}

function when(x: Texts, ts: number, spanMs: number): string {
  return spanMs > DAY_MS ? dayMonth(x, ts) : x.fmt.clock(ts);
}

const CACHE = new Map<string, ChartText>();

/** chartTextFor returns the chart's text for a locale; English on UTC draws exactly the default chart. */
export function chartTextFor(locale: Locale): ChartText {
  const id = `${locale.lang}|${locale.tz}`;
  const hit = CACHE.get(id);
  if (hit) return hit;
  const x = textsFor(locale);
  const f = x.fmt;
  const lang = locale.lang;
  const text: ChartText = {
    // Latin in DejaVu, CJK by fallback: shaping every run with the CJK face costs several times more (see the note).
    fontFamily: lang === 'zh' ? `${FONT_FAMILY}, '${CJK_FONT_FAMILY}'` : FONT_FAMILY,
    ...(lang === 'zh' ? { titleFontFamily: `'${CJK_FONT_FAMILY}'` } : {}),
    legend: { longs: x.t('chart.legend.longs'), shorts: x.t('chart.legend.shorts'), level: x.t('chart.legend.level'), clusters: x.t('chart.legend.clusters') },
    compositeCaption: x.t('chart.caption.composite'),
    pctCaption: x.t('chart.caption.pct'),
    noPrice: x.t('chart.noPrice'),
    noLiquidations: x.t('chart.noLiq'),
    noDataTitle: x.t('chart.noData.title'),
    noDataDetail: x.t('chart.noData.detail'),
    priceCaption: (symbol) => x.t('chart.caption.price', { symbol }),
    liqCaption: (bucketMs) => x.t('chart.caption.liq', { bucket: f.duration(bucketMs) }),
    liqSummary: (s) => x.t('chart.liq.summary', { total: f.usd(s.total), share: f.share(s.longShare), peak: f.usd(s.peak), span: s.spanMs > DAY_MS ? 'days' : 'hours', when: when(x, s.peakTs, s.spanMs) }),
    axisUsd: (v, step, top) => {
      if (v === 0) return AXIS_ZERO[lang];
      const [unit, suffix] = AXIS_UNITS[lang].find(([u]) => top >= u) ?? [1, ''];
      return `${AXIS_PREFIX[lang]}${formatNumber(v / unit, decimalsOf(step / unit))}${suffix}`;
    },
    footer: (from, to) => x.t('chart.footer', { zone: f.zone(from), range: `${f.date(from)} ${f.clock(from)} – ${f.dateTime(to)}` }),
    tickLabel: (ts) => (isLocalMidnight(ts, locale.tz) ? dayMonth(x, ts) : f.clock(ts)),
    when: (ts, spanMs) => when(x, ts, spanMs),
    offsetMs: (ts) => offsetMs(ts, locale.tz),
  };
  CACHE.set(id, text);
  return text;
}

/**
 * chartTitle is the crash chart's title, "BTC: 2026-01-29 00:00 UTC to 23:59 UTC" (null symbol: the market); the end
 * carries its date too when it falls on another day of the chat's calendar ("… 08:00 UTC+8 至 2026-01-30 07:59 UTC+8").
 */
export function chartTitle(locale: Locale, symbol: string | null, from: number, to: number): string {
  const x = textsFor(locale);
  const f = x.fmt;
  return x.t('chart.title', { symbol: symbol ?? x.t('chart.title.market'), from: f.dateTime(from), to: f.date(from) === f.date(to) ? f.time(to) : f.dateTime(to) });
}
