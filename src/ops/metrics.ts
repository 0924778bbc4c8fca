import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Metrics are Cascade's Prometheus series, on their own registry (served at /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsIn = new Counter({ name: 'cascade_events_total', help: 'Market events accepted, by source and kind', labelNames: ['source', 'kind'], registers: [this.registry] });
  readonly eventsRejected = new Counter({ name: 'cascade_events_rejected_total', help: 'Inputs rejected, by source and reason', labelNames: ['source', 'reason'], registers: [this.registry] });
  readonly sourceAge = new Gauge({ name: 'cascade_source_age_seconds', help: 'Seconds since the last event from a source', labelNames: ['source'], registers: [this.registry] });
  readonly sourceStale = new Gauge({ name: 'cascade_source_stale', help: '1 when a source is stale', labelNames: ['source'], registers: [this.registry] });
  readonly alerts = new Counter({ name: 'cascade_alerts_total', help: 'Alerts fired, by kind and severity', labelNames: ['kind', 'severity'], registers: [this.registry] });
  readonly deliveries = new Counter({ name: 'cascade_deliveries_total', help: 'Delivery outcomes, by platform and outcome', labelNames: ['platform', 'outcome'], registers: [this.registry] });
  readonly queueJobs = new Gauge({ name: 'cascade_queue_jobs', help: 'Delivery jobs by platform and state (from the last good read: see cascade_queue_stale)', labelNames: ['platform', 'state'], registers: [this.registry] });
  readonly queueStale = new Gauge({ name: 'cascade_queue_stale', help: '1 when Redis did not answer the last read: cascade_queue_jobs are from an older read', registers: [this.registry] });
  readonly queueReadAge = new Gauge({ name: 'cascade_queue_read_age_seconds', help: 'Seconds since cascade_queue_jobs were last read from Redis', registers: [this.registry] });
  readonly ruleEval = new Histogram({ name: 'cascade_rule_evaluation_seconds', help: 'Time to fold one event into state and evaluate the rules', buckets: [1e-6, 5e-6, 2e-5, 1e-4, 5e-4, 2e-3, 1e-2], registers: [this.registry] });
  readonly ledgerWindow = new Histogram({ name: 'cascade_ledger_window_seconds', help: 'Time between a platform 200 and the ledger write (the Telegram duplicate window)', buckets: [1e-4, 5e-4, 1e-3, 5e-3, 2e-2, 0.1, 1], registers: [this.registry] });
  readonly paidMessages = new Counter({ name: 'cascade_telegram_paid_messages_total', help: 'Telegram calls sent as paid broadcasts (allow_paid_broadcast) by this process', registers: [this.registry] });
  readonly paidStars = new Counter({ name: 'cascade_telegram_paid_stars_total', help: 'Stars this process spent on paid broadcasts (0.1 a message above the free ~30/s)', registers: [this.registry] });
  readonly paidStarsToday = new Gauge({ name: 'cascade_telegram_paid_stars_today', help: 'Stars every worker spent on paid broadcasts this UTC day', registers: [this.registry] });
  readonly paidBudget = new Gauge({ name: 'cascade_telegram_paid_stars_budget', help: 'TELEGRAM_PAID_STARS_PER_DAY (0 while TELEGRAM_PAID_BROADCAST=off)', registers: [this.registry] });
  readonly paidFallback = new Gauge({ name: 'cascade_telegram_paid_fallback', help: '1 when paid broadcast fell back to the free rate for the rest of the UTC day, by reason (budget, balance)', labelNames: ['reason'], registers: [this.registry] });
  // Issue 15: the alert outbox (alerts waiting while Redis is unreachable) and the engine lease.
  readonly outboxAlerts = new Gauge({ name: 'cascade_outbox_alerts', help: 'Alerts waiting in the in-process outbox for delivery to take them (Redis unreachable)', registers: [this.registry] });
  readonly outboxOldest = new Gauge({ name: 'cascade_outbox_oldest_seconds', help: 'How long the oldest alert in the outbox has waited', registers: [this.registry] });
  readonly outboxDropped = new Counter({ name: 'cascade_outbox_dropped_total', help: 'Alerts dropped from a full outbox, by severity (never critical)', labelNames: ['severity'], registers: [this.registry] });
  readonly engineActive = new Gauge({ name: 'cascade_engine_active', help: '1 when this process holds the engine lease (runs the engine), 0 on standby', registers: [this.registry] });
  readonly engineLeaseToken = new Gauge({ name: 'cascade_engine_lease_token', help: 'The fencing token of the engine lease this process holds (0 on standby)', registers: [this.registry] });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'cascade_' });
  }

  /** paidSent counts a paid send: its calls and the Stars they cost. */
  paidSent(calls: number, stars: number): void {
    this.paidMessages.inc(calls);
    if (stars > 0) this.paidStars.inc(stars);
  }

  /** paidDay sets the day's paid-broadcast gauges (spend of every worker, the budget, a fallback to free). */
  paidDay(s: { mode: string; budgetStars: number; spentStars: number; fallback: string | null }): void {
    this.paidStarsToday.set(s.spentStars);
    this.paidBudget.set(s.mode === 'off' ? 0 : s.budgetStars);
    for (const reason of ['budget', 'balance']) this.paidFallback.set({ reason }, s.fallback === reason ? 1 : 0);
  }
}
