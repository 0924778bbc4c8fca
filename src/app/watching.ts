import type { RulesConfig } from '../config/rules-schema.js';
import type { TrackedAccount as EngineAccount } from '../market/positions.js';
import type { Engine } from '../rules/engine.js';
import type { TrackedAccount as PlannedAccount } from '../sources/hyperliquid/planner.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { WatchedAccount, WatchStore } from '../store/watchlist.js';

/**
 * plannedAccounts is who the whale poller reads, by priority: the rules file's accounts (the deployment's:
 * every subscribed chat is a watcher) and every chat's `/watch` accounts (each watching chat counts once).
 */
export function plannedAccounts(rules: RulesConfig, watched: ReadonlyMap<string, WatchedAccount>, subscribedChats: number): PlannedAccount[] {
  const out = new Map<string, PlannedAccount>();
  for (const a of rules.whales.accounts) out.set(a.address, { address: a.address, label: a.label ?? null, watchers: Math.max(1, subscribedChats), deployment: true });
  for (const [address, w] of watched) {
    const dep = out.get(address);
    out.set(address, dep ? { ...dep, watchers: dep.watchers + w.chats.length } : { address, label: w.label, watchers: w.chats.length });
  }
  return [...out.values()];
}

/** engineAccounts is what the engine routes on: each chat-watched account with its chats (the rules file's are the engine's own). */
export function engineAccounts(watched: ReadonlyMap<string, WatchedAccount>): Map<string, EngineAccount> {
  return new Map([...watched].map(([address, w]) => [address, { label: w.label, deployment: false, chats: [...w.chats] }]));
}

/** Watching keeps the engine's tracked accounts and the whale poller's plan in step with the rules file and the chats' watch lists. */
export class Watching {
  /** replan is the whale poller's re-plan (set once the sources run). */
  replan: (accounts: readonly PlannedAccount[]) => void = () => {};

  constructor(private readonly rules: RulesConfig, private readonly watches: WatchStore, private readonly subs: SubscriptionStore, private readonly engine: Engine | null) {}

  /** accounts reads the watch lists and returns the poller's accounts, after telling the engine who watches what. */
  async accounts(): Promise<PlannedAccount[]> {
    const watched = await this.watches.all();
    this.engine?.setTrackedAccounts(engineAccounts(watched));
    return plannedAccounts(this.rules, watched, (await this.subs.active()).length);
  }

  /** changed applies a watch-list change to the engine and to the whale poller's plan. */
  async changed(): Promise<void> {
    this.replan(await this.accounts());
  }
}
