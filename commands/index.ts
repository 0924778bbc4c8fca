import { alerts } from './alerts.js';
import { help } from './help.js';
import { leverage } from './leverage.js';
import { levels } from './levels.js';
import { liquidations } from './liquidations.js';
import { markets } from './markets.js';
import { mute } from './mute.js';
import { price } from './price.js';
import type { Command } from './services.js';
import { settings } from './settings.js';
import { status } from './status.js';
import { subscribe } from './subscribe.js';
import { summary } from './summary.js';
import { unmute } from './unmute.js';
import { unsubscribe } from './unsubscribe.js';
import { watch } from './watch.js';
import { whales } from './whales.js';

/** COMMANDS is the one registry: the Telegram menu, the Discord slash commands and /help derive from it. */
export const COMMANDS: readonly Command[] = [
  subscribe, unsubscribe, settings, levels, mute, unmute, price, liquidations, markets, leverage, whales, watch, summary, alerts, status, help,
];
