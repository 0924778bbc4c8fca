import { DEFAULT_RULES } from '../config/rules-defaults.js';
import type { RulesConfig } from '../config/rules-schema.js';
import { DEMO_TRACKED_WHALE } from '../demo/scenario.js';

/** DEMO_RULES are the default rules plus the demo day's tracked whale with its label (a rules file's whales.accounts). */
export const DEMO_RULES: RulesConfig = {
  ...DEFAULT_RULES,
  whales: { ...DEFAULT_RULES.whales, accounts: [{ address: DEMO_TRACKED_WHALE.address, label: DEMO_TRACKED_WHALE.label }] },
};
