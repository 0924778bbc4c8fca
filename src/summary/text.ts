import { formatPct, formatPrice, formatShare, formatUsd, formatUtc } from '../render/format.js';
import { INDEX_KEYS, indexName, sourceName } from '../sources/registry.js';
import type { LevelBroken } from '../market/records.js';
import type { SummaryData, SummaryDoc, SummarySection } from './types.js';

const MAJOR = ['BTC', 'ETH', 'SOL'];

/** Tone is what kind of day the data describes; a squeeze must never read as a crash. */
export type Tone = 'crash' | 'squeeze' | 'quiet' | 'mixed';

/** toneOf classifies the window from its cascades, levels, moves and liquidation structure. */
export function toneOf(d: SummaryData): Tone {
  const down = d.levelsBroken.filter((l) => l.direction === 'down').length;
  const up = d.levelsBroken.length - down;
  const l = d.liquidations;
  if (l.totalUsd === 0 && d.levelsBroken.length === 0 && d.alerts.total === 0) return 'quiet';
  const worst = Math.min(0, ...Object.values(d.prices).map((p) => (p.low - p.open) / p.open * 100));
  if ((down > up || worst <= -3) && l.longShare >= 0.6) return 'crash';
  if (up > down && l.longShare <= 0.4) return 'squeeze';
  return d.alerts.total === 0 ? 'quiet' : 'mixed';
}

function orderedAssets(d: SummaryData): string[] {
  const rest = Object.keys(d.prices).filter((s) => !MAJOR.includes(s)).sort();
  return [...MAJOR.filter((s) => d.prices[s]), ...rest];
}

function range(lo: number, hi: number, fmt: (v: number) => string): string {
  return fmt(lo) === fmt(hi) ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
}

function titleOf(d: SummaryData, tone: Tone): string {
  const moves = orderedAssets(d).slice(0, 2).map((s) => `${s} ${formatPct(d.prices[s].changePct)}`);
  const liq = d.liquidations.totalUsd > 0 ? `${formatUsd(d.liquidations.totalUsd)} liquidated` : 'no liquidations seen';
  const share = d.liquidations.totalUsd > 0 ? `, ${formatShare(tone === 'squeeze' ? 1 - d.liquidations.longShare : d.liquidations.longShare)} ${tone === 'squeeze' ? 'shorts' : 'longs'}` : '';
  const name = { crash: 'Crash report', squeeze: 'Short squeeze', quiet: 'Market summary', mixed: 'Market summary' }[tone];
  return `${name}: ${[...moves, liq + share].join(', ')}`;
}

function leadOf(d: SummaryData, tone: Tone): string {
  const span = `${formatUtc(d.from)} to ${formatUtc(d.to)}`;
  const parts: string[] = [];
  for (const s of orderedAssets(d).slice(0, 3)) {
    const p = d.prices[s];
    const broke = d.levelsBroken.filter((l) => l.symbol === s && l.direction === (tone === 'squeeze' ? 'up' : 'down'));
    const lvl = broke.length > 0 ? ` and ${tone === 'squeeze' ? 'cleared' : 'broke below'} $${formatPrice(extremeLevel(broke, tone))}` : '';
    if (tone === 'quiet' || tone === 'mixed') {
      parts.push(`${s} ${formatPct(p.changePct)} (range $${formatPrice(p.low)}–$${formatPrice(p.high)})`);
      continue;
    }
    const swing = tone === 'squeeze' ? (p.high - p.open) / p.open * 100 : (p.low - p.open) / p.open * 100;
    parts.push(`${s} ${tone === 'squeeze' ? 'rose' : 'fell'} ${formatPct(Math.abs(swing)).replace(/^[+−]/, '')} at the extreme${lvl}`);
  }
  const l = d.liquidations;
  const liq = l.totalUsd > 0
    ? `${formatUsd(l.totalUsd)} of positions were liquidated on the venues we watch (${l.count.toLocaleString('en-US')} liquidations), ${formatShare(l.longShare)} of it longs`
    : 'no liquidations were observed';
  const wall = ['NASDAQ', 'SP500'].filter((s) => d.crossMarket[s] !== undefined).map((s) => `${indexName(s)} ${formatPct(d.crossMarket[s])}`);
  const tail = wall.length > 0 ? ` On Wall Street: ${wall.join(', ')}.` : '';
  const what = { crash: 'A leverage-driven sell-off', squeeze: 'A short squeeze', quiet: 'A quiet session', mixed: 'A two-way session' }[tone];
  const body = parts.length > 0 ? `${parts.join('; ')}; ${liq}` : liq.charAt(0).toUpperCase() + liq.slice(1);
  return `${what} from ${span}. ${body}.${tail}`;
}

function extremeLevel(broke: LevelBroken[], tone: Tone): number {
  const lv = broke.map((l) => l.level);
  return tone === 'squeeze' ? Math.max(...lv) : Math.min(...lv);
}

function levelsSection(d: SummaryData): SummarySection {
  const items: string[] = [];
  for (const s of orderedAssets(d)) {
    const p = d.prices[s];
    const broke = d.levelsBroken.filter((l) => l.symbol === s);
    const lows = Object.values(p.venueLows);
    const lowRange = lows.length > 1 ? ` (venue lows ${range(Math.min(...lows), Math.max(...lows), (v) => `$${formatPrice(v)}`)} across ${lows.length} venues)` : '';
    const levels = broke.length > 0 ? `${broke.map((l) => `$${formatPrice(l.level)} ${l.direction === 'down' ? '↓' : '↑'} ${formatUtc(l.ts).slice(11)}`).join(', ')}; ` : '';
    items.push(`${s}: ${levels}open $${formatPrice(p.open)}, low $${formatPrice(p.low)} at ${formatUtc(p.lowTs).slice(11)}${lowRange}, last $${formatPrice(p.last)} (${formatPct(p.changePct)}).`);
  }
  const n = d.levelsBroken.length;
  return { heading: 'Key levels', paragraph: n > 0 ? `${n} round level${n === 1 ? '' : 's'} crossed (composite price: median of fresh venues).` : 'No round level was crossed.', items };
}

function liquidationSection(d: SummaryData, tone: Tone): SummarySection {
  const l = d.liquidations;
  const items: string[] = [];
  if (l.totalUsd === 0) return { heading: 'Liquidations', paragraph: 'No liquidations observed.', items };
  const agg = l.aggregatorUsd;
  const scale = agg ? `$${range(Math.min(l.totalUsd, agg.totalUsd), Math.max(l.totalUsd, agg.totalUsd), (v) => formatUsd(v).slice(1))} (our feeds ${formatUsd(l.totalUsd)}, a floor; ${sourceName(agg.source)} ${formatUsd(agg.totalUsd)})` : `${formatUsd(l.totalUsd)} observed (a floor: public feeds miss some)`;
  items.push(`Scale: ${scale}, ${l.count.toLocaleString('en-US')} liquidations.`);
  items.push(`Structure: longs ${formatUsd(l.longUsd)} (${formatShare(l.longShare)}), shorts ${formatUsd(l.shortUsd)}${l.longShare >= 0.8 ? ': one-sided, crowded longs flushed' : l.longShare <= 0.2 ? ': one-sided, shorts squeezed' : ''}.`);
  if (l.largest) items.push(`Largest single: ${formatUsd(l.largest.notionalUsd)} ${l.largest.symbol} ${l.largest.side} on ${sourceName(l.largest.source)} at $${formatPrice(l.largest.price)}, ${formatUtc(l.largest.ts).slice(11)}.`);
  items.push(`By venue: ${Object.entries(l.bySource).map(([s, t]) => `${sourceName(s)} ${formatUsd(t.totalUsd)}`).join(', ')}.`);
  items.push(`By asset: ${Object.entries(l.bySymbol).slice(0, 6).map(([s, t]) => `${s} ${formatUsd(t.totalUsd)}`).join(', ')}.`);
  if (l.peakHour) items.push(`Peak hour: ${formatUsd(l.peakHour.totalUsd)} from ${formatUtc(l.peakHour.ts).slice(11)}; last hour ${formatUsd(l.lastHourUsd)}.`);
  const why = tone === 'crash' ? 'Forced selling into thin books turned a modest move into a cascade.' : tone === 'squeeze' ? 'Shorts were forced to buy back, feeding the rise.' : undefined;
  return { heading: 'Liquidations', paragraph: why, items };
}

function crossSection(d: SummaryData): SummarySection | null {
  const order = INDEX_KEYS;
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const syms = Object.keys(d.crossMarket).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (syms.length === 0) return null;
  const items = syms.map((s) => `${indexName(s)}: ${formatPct(d.crossMarket[s], 2)} vs previous close (${sourceName(d.crossMarketDetail[s]?.source ?? '')}).`);
  const notes: string[] = [];
  const nas = d.crossMarket.NASDAQ;
  const crypto = ['MSTR', 'COIN'].filter((s) => d.crossMarket[s] !== undefined);
  if (nas !== undefined && crypto.length > 0 && crypto.every((s) => d.crossMarket[s] < nas)) notes.push('crypto-linked stocks fell harder than the Nasdaq');
  if (d.crossMarket.GOLD !== undefined && d.crossMarket.GOLD > 0 && (nas ?? 0) < 0) notes.push('gold rose while equities fell: a flight to safety');
  if (d.crossMarket.DXY !== undefined && d.crossMarket.DXY > 0 && (nas ?? 0) < 0) notes.push('the dollar firmed');
  return { heading: 'Cross-market', paragraph: notes.length > 0 ? `${notes.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) : undefined, items };
}

function watchSection(d: SummaryData, tone: Tone): SummarySection {
  const items: string[] = [];
  const l = d.liquidations;
  if (l.peakHour && l.totalUsd > 0) {
    const cooling = l.lastHourUsd < l.peakHour.totalUsd * 0.25;
    items.push(`Liquidation pace: last hour ${formatUsd(l.lastHourUsd)} vs ${formatUsd(l.peakHour.totalUsd)} at the peak${cooling ? ', cooling' : ', still elevated'}.`);
  }
  for (const s of orderedAssets(d).slice(0, 3)) {
    const down = d.levelsBroken.filter((x) => x.symbol === s && x.direction === 'down');
    if (tone !== 'squeeze' && down.length > 0) {
      const lvl = Math.min(...down.map((x) => x.level));
      const p = d.prices[s];
      items.push(`${s}: ${p.last >= lvl ? `back above $${formatPrice(lvl)}; whether it holds` : `below $${formatPrice(lvl)}; a reclaim would ease pressure`}, the low $${formatPrice(p.low)} is untested support.`);
    }
  }
  if (d.crossMarket.NASDAQ !== undefined) items.push('US equities at the next open: crypto has traded with the Nasdaq.');
  if (tone === 'crash') items.push('Leverage rebuilding: fast re-leveraging after a flush sets up the next one.');
  if (tone === 'squeeze') items.push('Whether spot demand follows: a squeeze without it tends to fade.');
  return { heading: 'What to watch', items };
}

function sourcesSection(d: SummaryData): SummarySection {
  const items = d.sources.map((s) => `${sourceName(s.source)}: ${s.feeds.join(', ')} (${s.events.toLocaleString('en-US')} events)${s.notes.length > 0 ? `. ${s.notes.join('. ')}` : ''}.`);
  for (const g of d.gaps) items.push(g.reason === 'stopped' ? `No data ${downtimeSpan(g.fromTs, g.toTs)}: Cascade was stopped.` : `Data incomplete: ${Math.round((g.toTs - g.fromTs) / 1000)} s gap on ${sourceName(g.source)} at ${formatUtc(g.fromTs).slice(11)}.`);
  return { heading: 'Sources and coverage', items };
}

/** downtimeSpan is "14:02–14:09 UTC", or with dates when the span crosses midnight (UTC). */
function downtimeSpan(from: number, to: number): string {
  const a = formatUtc(from);
  const b = formatUtc(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(11, 16)}–${b.slice(11)}` : `${a.slice(0, 16)}–${b}`;
}

/** summaryDoc writes the crash summary as a desk note: lead, levels, liquidations, cross-market, watch, sources. */
export function summaryDoc(d: SummaryData): SummaryDoc {
  const tone = toneOf(d);
  const sections = [levelsSection(d), liquidationSection(d, tone), crossSection(d), watchSection(d, tone), sourcesSection(d)];
  return { title: titleOf(d, tone), lead: leadOf(d, tone), sections: sections.filter((s): s is SummarySection => s !== null) };
}

/** summaryText renders a SummaryDoc as plain text (terminal, replay JSON `text`). */
export function summaryText(doc: SummaryDoc): string {
  const out = [doc.title, '', doc.lead];
  for (const s of doc.sections) {
    out.push('', s.heading);
    if (s.paragraph) out.push(s.paragraph);
    for (const i of s.items) out.push(`• ${i}`);
  }
  return out.join('\n');
}
