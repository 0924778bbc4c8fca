import { z } from 'zod';

const severity = z.enum(['info', 'warning', 'critical']);
const positiveMs = z.number().int().positive().max(30 * 86_400_000);
const symbol = z.string().regex(/^[A-Z0-9]{1,20}$/, 'an upper-case symbol such as "BTC"');

/** AssetRuleSchema configures one tracked asset: its round-level step and any explicit levels. */
export const AssetRuleSchema = z
  .object({
    levelStep: z.number().positive().optional(),
    levels: z.array(z.number().positive()).max(200).optional(),
  })
  .strict();

const pctThreshold = z
  .object({ windowMs: positiveMs, pct: z.number().refine((v) => v !== 0 && Math.abs(v) < 100, 'a non-zero percent in (−100, 100)'), severity })
  .strict();

const liqBar = z.object({ windowMs: positiveMs, usd: z.number().positive(), severity }).strict();

/** RulesSchema is the one validated rules file (DESIGN §4); every field has a shipped default. */
export const RulesSchema = z
  .object({
    composite: z.object({ maxAgeMs: positiveMs }).strict(),
    assets: z.record(symbol, AssetRuleSchema),
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
  })
  .strict();

/** RulesConfig is a validated, complete rules configuration. */
export type RulesConfig = z.infer<typeof RulesSchema>;
export type AssetRule = z.infer<typeof AssetRuleSchema>;
