/**
 * The crash summary's one writer, in any chat's language and zone: the desk note (title, lead, key levels,
 * liquidations, leverage, cross-market, whales, what to watch, sources) from SummaryData. English on UTC is
 * what the demo prints; Chinese reads as a Chinese desk note.
 */

import type { RichMessage } from '../chat/message.js';
import { toneOf, type Tone } from '../summary/tone.js';
import type { LevelBroken } from '../market/records.js';
import type { Summary, SummaryDoc, SummarySection } from '../summary/types.js';
import { indexName, textsFor, type Texts } from './catalogue.js';
import type { Locale } from './locale.js';
import { orderedAssets, type LocalSummaryData } from './summary-common.js';
import { leverageSection, whalesSection } from './summary-positioning.js';
import { crossSection, levelsSection, liquidationSection, sourcesSection, watchSection } from './summary-sections.js';

export type { LeverageStats, LocalSummaryData, WhaleStats } from './summary-common.js';

function titleOf(d: LocalSummaryData, tone: Tone, x: Texts): string {
  const moves = orderedAssets(d).slice(0, 2).map((s) => x.t('summary.title.move', { symbol: s, change: x.fmt.pct(d.prices[s].changePct) }));
  const l = d.liquidations;
  const squeeze = tone === 'squeeze';
  const liq = l.totalUsd > 0
    ? x.t('summary.title.liqShare', { total: x.fmt.usd(l.totalUsd), share: x.fmt.share(squeeze ? 1 - l.longShare : l.longShare), side: squeeze ? 'short' : 'long' })
    : x.t('summary.title.noLiq');
  return x.t('summary.title', { tone, parts: x.list([...moves, liq]) });
}

function extremeLevel(broke: LevelBroken[], tone: Tone): number {
  const lv = broke.map((l) => l.level);
  return tone === 'squeeze' ? Math.max(...lv) : Math.min(...lv);
}

function assetClause(d: LocalSummaryData, s: string, tone: Tone, x: Texts): string {
  const f = x.fmt;
  const p = d.prices[s];
  if (tone === 'quiet' || tone === 'mixed') return x.t('summary.lead.assetRange', { symbol: s, change: f.pct(p.changePct), low: f.price(p.low), high: f.price(p.high) });
  const swing = tone === 'squeeze' ? ((p.high - p.open) / p.open) * 100 : ((p.low - p.open) / p.open) * 100;
  const args = { symbol: s, tone, move: f.pctAbs(Math.abs(swing)) };
  const broke = d.levelsBroken.filter((l) => l.symbol === s && l.direction === (tone === 'squeeze' ? 'up' : 'down'));
  return broke.length > 0 ? x.t('summary.lead.assetMoveLevel', { ...args, level: f.price(extremeLevel(broke, tone)) }) : x.t('summary.lead.assetMove', args);
}

function leadOf(d: LocalSummaryData, tone: Tone, x: Texts): string {
  const f = x.fmt;
  const parts = orderedAssets(d).slice(0, 3).map((s) => assetClause(d, s, tone, x));
  const l = d.liquidations;
  const liq = l.totalUsd > 0
    ? x.t('summary.lead.liq', { total: f.usd(l.totalUsd), count: l.count, share: f.share(l.longShare) })
    : x.t(parts.length > 0 ? 'summary.lead.noLiq' : 'summary.lead.noLiqFirst');
  const lead = x.t('summary.lead', { tone, from: f.dateTime(d.from), to: f.dateTime(d.to), body: x.clauses([...parts, liq]) });
  const wall = ['NASDAQ', 'SP500'].filter((s) => d.crossMarket[s] !== undefined).map((s) => x.t('summary.lead.wallItem', { index: indexName(x, s, 'long'), change: f.pct(d.crossMarket[s]) }));
  return wall.length > 0 ? x.sentences([lead, x.t('summary.lead.wall', { list: x.list(wall) })]) : lead;
}

/** localSummaryDoc writes the crash summary for `locale`: title, lead and the sections the data supports. */
export function localSummaryDoc(d: LocalSummaryData, locale: Locale): SummaryDoc {
  const x = textsFor(locale);
  const tone = toneOf(d);
  const sections = [
    levelsSection(d, x), liquidationSection(d, tone, x), leverageSection(d, x), crossSection(d, x), whalesSection(d, x), watchSection(d, tone, x), sourcesSection(d, x),
  ];
  return { title: titleOf(d, tone, x), lead: leadOf(d, tone, x), sections: sections.filter((s): s is SummarySection => s !== null) };
}

/** localSummaryMessage turns a summary into the message a chat in `locale` receives (chart attached when given). */
export function localSummaryMessage(s: Pick<Summary, 'data'>, locale: Locale, chart: Buffer | null): RichMessage {
  const doc = localSummaryDoc(s.data, locale);
  const blocks: RichMessage['blocks'] = [{ type: 'text', text: doc.lead }];
  for (const sec of doc.sections) {
    blocks.push({ type: 'heading', text: sec.heading });
    if (sec.paragraph) blocks.push({ type: 'text', text: sec.paragraph });
    if (sec.items.length > 0) blocks.push({ type: 'list', items: sec.items });
  }
  return {
    title: doc.title,
    severity: s.data.alerts.cascades > 0 ? 'critical' : s.data.alerts.total > 0 ? 'warning' : 'info',
    blocks,
    footer: textsFor(locale).t('summary.footer'),
    ...(chart ? { image: { png: chart, filename: 'chart.png', alt: doc.title } } : {}),
  };
}

/** summaryText renders a SummaryDoc as plain text (terminal, replay JSON `text`): title, lead, then each section with its bullets. */
export function summaryText(doc: SummaryDoc): string {
  const out = [doc.title, '', doc.lead];
  for (const s of doc.sections) {
    out.push('', s.heading);
    if (s.paragraph) out.push(s.paragraph);
    for (const i of s.items) out.push(`• ${i}`);
  }
  return out.join('\n');
}
