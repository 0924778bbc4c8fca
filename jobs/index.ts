import { dailyDigest } from './daily-digest.js';
import { prune } from './prune.js';
import { pullAggregator } from './pull-aggregator.js';
import { pullIndices } from './pull-indices.js';
import { pullLeverage } from './pull-leverage.js';
import { pullLeverageSummary } from './pull-leverage-summary.js';
import { pullPrices } from './pull-prices.js';
import { quietFlush } from './quiet-flush.js';
import type { Job } from './services.js';

/** JOBS is the one list of scheduled jobs; the scheduler registers each once across replicas. */
export const JOBS: readonly Job[] = [pullPrices, pullIndices, pullAggregator, pullLeverage, pullLeverageSummary, quietFlush, dailyDigest, prune];
