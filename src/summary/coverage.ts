/**
 * SOURCE_NOTES says how complete each venue's feeds are, so every figure in a summary states its
 * coverage (facts from ../shared/reference/market-data-apis.md §0 and §12.4).
 */
export const SOURCE_NOTES: Record<string, { name: string; liquidation?: string; price?: string; index?: string }> = {
  binance: { name: 'Binance', liquidation: 'Binance liquidation feed is sampled (at most one per symbol per second): a floor' },
  bybit: { name: 'Bybit', liquidation: 'Bybit allLiquidation pushes every liquidation (500 ms batches)' },
  okx: { name: 'OKX', liquidation: 'OKX liquidation-orders channel is not the full total: a floor' },
  hyperliquid: { name: 'Hyperliquid', liquidation: 'Hyperliquid liquidations as observed' },
  coinbase: { name: 'Coinbase', price: 'Coinbase spot prices' },
  yahoo: { name: 'Yahoo Finance', index: 'Yahoo chart API: regular-session prices vs the previous session close' },
  coinglass: { name: 'CoinGlass', liquidation: 'CoinGlass aggregates liquidations across venues' },
};

/** sourceName is a venue's display name ("binance" → "Binance"). */
export function sourceName(source: string): string {
  return SOURCE_NOTES[source]?.name ?? source;
}

/** coverageNotes lists the notes that apply to a venue for the feeds it supplied. */
export function coverageNotes(source: string, feeds: Iterable<string>): string[] {
  const meta = SOURCE_NOTES[source];
  const notes: string[] = [];
  for (const f of feeds) {
    const note = meta?.[f as 'price' | 'liquidation' | 'index'];
    if (note) notes.push(note);
    else if (f === 'liquidation') notes.push(`${sourceName(source)} liquidations as observed: completeness unknown`);
  }
  return notes;
}
