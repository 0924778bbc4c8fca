import { z } from 'zod';

const severity = z.enum(['info', 'warning', 'critical']);
const positiveMs = z.number().int().positive().max(30 * 86_400_000);
const symbol = z.string().regex(/^[A-Z0-9]{1,20}$/, 'an upper-case symbol such as "BTC"');

/** MAX_ASSETS caps the assets a rules file may track (each costs state per venue and per window). */
export const MAX_ASSETS = 200;
/** MAX_LEVELS caps the explicit levels of one asset. */
export const MAX_LEVELS = 200;
/**
 * MIN_LEVEL_STEP_FRACTION: a level step under 0.1% of the price would cross a level on every tick (BTC's
 * 5,000 is ~6%). A file is refused when its own levels show the step is too small; otherwise the engine
 * drops such a step when it first sees the price, and says so once.
 */
export const MIN_LEVEL_STEP_FRACTION = 0.001;

/** AssetRuleSchema configures one tracked asset: its round-level step and any explicit levels. */
export const AssetRuleSchema = z
  .object({
    levelStep: z.number().positive().lt(1e9).optional(),
    levels: z.array(z.number().positive().lt(1e9)).max(MAX_LEVELS).optional(),
  })
  .strict();

const pctThreshold = z
  .object({ windowMs: positiveMs, pct: z.number().refine((v) => v !== 0 && Math.abs(v) < 100, 'a non-zero percent in (−100, 100)'), severity })
  .strict();

const liqBar = z.object({ windowMs: positiveMs, usd: z.number().positive(), severity }).strict();

const oiThreshold = z.object({ pct: z.number().refine((v) => v !== 0 && Math.abs(v) < 100, 'a non-zero percent in (−100, 100)'), severity }).strict();
const account = z
  .object({
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address: 0x and 40 hex digits').transform((a) => a.toLowerCase()),
    label: z.string().trim().min(1).max(40).nullable().optional(),
  })
  .strict();

/** LeverageFlushSchema configures the leverage_flush rule (DESIGN §4): open interest in base units over one window. */
export const LeverageFlushSchema = z
  .object({
    windowMs: positiveMs,
    /** A venue's open interest counts only while its latest value is at most this old, at both ends of the window. */
    maxAgeMs: positiveMs,
    thresholds: z.array(oiThreshold).max(10),
    rearmFraction: z.number().min(0).max(1),
  })
  .strict();

/** WhalesSchema configures tracked accounts and the whale rule (DESIGN §4). */
export const WhalesSchema = z
  .object({
    accounts: z.array(account).max(500),
    /** Unrealized PnL tiers (negative USD) of one position. */
    loss: z.array(z.object({ usd: z.number().negative(), severity }).strict()).max(10),
    rearmFraction: z.number().min(0).max(1),
    /** A liquidation of a tracked account: the tier its notional reaches. */
    liquidated: z.array(z.object({ usd: z.number().nonnegative(), severity }).strict()).min(1).max(10),
    /** Liquidations of one position within this long are one episode (Hyperliquid liquidates large positions 20% at a time). */
    liquidatedEpisodeMs: positiveMs,
    nearLiquidationPct: z.number().positive().max(50),
    nearRearmPct: z.number().positive().max(100),
  })
  .strict()
  .refine((w) => w.nearRearmPct >= w.nearLiquidationPct, { message: 'nearRearmPct must be at least nearLiquidationPct', path: ['nearRearmPct'] });

/** RulesSchema is the one validated rules file (DESIGN §4); every field has a shipped default. */
export const RulesSchema = z
  .object({
    composite: z.object({ maxAgeMs: positiveMs }).strict(),
    assets: z.record(symbol, AssetRuleSchema).refine((a) => Object.keys(a).length <= MAX_ASSETS, `at most ${MAX_ASSETS} assets`),
    levelBreak: z
      .object({
        hysteresisPct: z.number().min(0).max(20),
        downSeverity: severity,
        upSeverity: severity,
      })
      .strict(),
    pctMove: z.object({ thresholds: z.array(pctThreshold).max(50), rearmFraction: z.number().min(0).max(1) }).strict(),
    liquidations: z
      .object({
        bars: z.array(liqBar).max(20),
        dominantShare: z.number().gt(0.5).max(1),
        rearmFraction: z.number().min(0).max(1),
      })
      .strict(),
    largeLiquidation: z.object({ tiers: z.array(z.object({ usd: z.number().positive(), severity }).strict()).max(10) }).strict(),
    crossMarket: z
      .object({
        thresholds: z.record(symbol, z.number().negative()),
        severity,
        rearmFraction: z.number().min(0).max(1),
      })
      .strict(),
    cascade: z
      .object({
        windowMs: positiveMs,
        minLiquidationsUsd: z.number().positive(),
        minShare: z.number().gt(0.5).max(1),
        endBelowUsd: z.number().nonnegative(),
        downSeverity: severity,
        upSeverity: severity,
      })
      .strict(),
    leverageFlush: LeverageFlushSchema,
    whales: WhalesSchema,
  })
  .strict();

/** RulesConfig is a validated, complete rules configuration. */
export type RulesConfig = z.infer<typeof RulesSchema>;
export type AssetRule = z.infer<typeof AssetRuleSchema>;
/** WhaleAccountRule is one deployment-tracked account of the rules file. */
export type WhaleAccountRule = RulesConfig['whales']['accounts'][number];
