import type { RulesConfig } from './rules-schema.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** DEFAULT_RULES is the shipped rule set of DESIGN §4, in one table. */
export const DEFAULT_RULES: RulesConfig = {
  composite: { maxAgeMs: 60_000 },
  assets: {
    BTC: { levelStep: 5000 },
    ETH: { levelStep: 100 },
    SOL: { levelStep: 10 },
  },
  levelBreak: { hysteresisPct: 0.5, downSeverity: 'warning', upSeverity: 'info' },
  pctMove: {
    thresholds: [
      { windowMs: HOUR_MS, pct: -3, severity: 'warning' },
      { windowMs: DAY_MS, pct: -5, severity: 'warning' },
      { windowMs: DAY_MS, pct: -10, severity: 'critical' },
      { windowMs: HOUR_MS, pct: 3, severity: 'info' },
      { windowMs: DAY_MS, pct: 5, severity: 'info' },
    ],
    rearmFraction: 0.5,
  },
  liquidations: {
    bars: [
      { windowMs: HOUR_MS, usd: 100_000_000, severity: 'warning' },
      { windowMs: DAY_MS, usd: 500_000_000, severity: 'critical' },
    ],
    dominantShare: 0.8,
    rearmFraction: 0.5,
  },
  largeLiquidation: {
    tiers: [
      { usd: 10_000_000, severity: 'warning' },
      { usd: 100_000_000, severity: 'critical' },
    ],
  },
  crossMarket: { thresholds: { NASDAQ: -1.5, SP500: -1.0 }, severity: 'warning', rearmFraction: 0.5 },
  cascade: {
    windowMs: HOUR_MS,
    minLiquidationsUsd: 100_000_000,
    minShare: 0.75,
    endBelowUsd: 50_000_000,
    downSeverity: 'critical',
    upSeverity: 'warning',
  },
  leverageFlush: {
    windowMs: HOUR_MS,
    maxAgeMs: 10 * 60_000,
    thresholds: [
      { pct: -5, severity: 'warning' },
      { pct: -10, severity: 'critical' },
      { pct: 8, severity: 'info' },
    ],
    rearmFraction: 0.5,
  },
  whales: {
    accounts: [],
    loss: [
      { usd: -10_000_000, severity: 'warning' },
      { usd: -50_000_000, severity: 'critical' },
    ],
    rearmFraction: 0.5,
    liquidated: [
      { usd: 0, severity: 'warning' },
      { usd: 10_000_000, severity: 'critical' },
    ],
    liquidatedEpisodeMs: HOUR_MS,
    nearLiquidationPct: 2,
    nearRearmPct: 4,
  },
};
