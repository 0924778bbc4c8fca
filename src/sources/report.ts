import type { Gap, RejectReason, SourceReject, Transition } from './types.js';

const TEXT: Record<RejectReason, string> = {
  missing_field: 'is missing',
  not_finite: 'is not a finite number',
  out_of_range: 'is out of range',
  bad_symbol: 'is not a valid symbol',
  bad_side: 'is not a known side',
  bad_shape: 'has an unexpected shape',
  ts_seconds: 'is in seconds, not milliseconds',
  ts_future: 'is in the future',
  ts_too_old: 'is too old',
  ts_out_of_range: 'is out of range',
  unknown_contract: 'has no known contract size',
  venue_error: 'venue error',
  wrong_unit: 'is in the wrong unit',
  budget: 'call skipped: over the venue weight budget',
  html_body: 'HTML page instead of JSON',
  empty_body: 'empty body instead of JSON',
  bad_json: 'truncated or invalid JSON',
  body_too_large: 'body too large',
  http_429: 'rate limited (429)',
  http_418: 'IP banned (418)',
  http_451: 'unavailable from this location (451)',
  http_4xx: 'request refused',
  http_5xx: 'server error',
  timeout: 'timed out',
  network: 'network error',
  ws_closed: 'socket closed',
  ws_silent: 'socket silent, reconnecting',
  ws_not_ready: 'subscription not confirmed in time, reconnecting',
  bad_line: 'line of the replayed file rejected',
};

/** describeReject is the human half of a rejection's log line: "binance: o.ap is not a finite number ("NaN")". */
export function describeReject(r: SourceReject): string {
  const what = TEXT[r.reason] ?? r.reason;
  const head = r.field ? `${r.field} ${what}` : what;
  const extras = [r.detail, r.status !== undefined ? `status ${r.status}` : undefined].filter(Boolean).join(', ');
  return `${r.source}: ${head}${extras ? ` (${extras})` : ''}`;
}

/** describeGap says what a gap means for the data: "bybit: data incomplete: 7 s gap". */
export function describeGap(g: Gap): string {
  const ms = Math.max(0, g.toTs - g.fromTs);
  return `${g.source}: data incomplete: ${ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`} gap`;
}

/** describeTransition is the ops line for a freshness change: "okx liquidation feed stale (quiet 12 s)". */
export function describeTransition(t: Transition): string {
  const quiet = `${Math.round(t.quietMs / 1000)} s`;
  return t.kind === 'stale' ? `${t.source} ${t.feed} feed stale (quiet ${quiet})` : `${t.source} ${t.feed} feed recovered (after ${quiet})`;
}
