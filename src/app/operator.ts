import type { Logger } from 'pino';
import type { DeliveryProducer } from '../delivery/producer.js';
import type { PayloadStore } from '../delivery/payloads.js';
import { parseChatKey } from '../chat/chat-key.js';
import type { Severity } from '../chat/severity.js';

/** STALE_EFFECT says what a stale feed of each kind costs the reader: only a price feed counts toward the composite price. */
const STALE_EFFECT: Record<string, string> = {
  price: 'it no longer counts toward the composite price',
  liquidation: 'liquidation totals and alerts miss its liquidations until it recovers',
  index: 'cross-market moves are not checked until it recovers',
  aggregate: 'summaries show venue totals without it until it recovers',
  leverage: 'open interest and funding figures miss it until it recovers',
  position: 'tracked positions are not refreshed until it recovers',
  replay: 'the replay has stopped feeding events',
};

/** staleNotice is the operator's line for a feed gone quiet, saying what that costs for its kind of feed. */
export function staleNotice(source: string, feed: string, quietMs: number): string {
  return `${source} ${feed} feed is stale (quiet ${Math.round(quietMs / 1000)} s): ${STALE_EFFECT[feed] ?? 'its data is missing until it recovers'}`;
}

/** OperatorNotice says something about Cascade itself (a feed gone stale, or back); `logged`: its source already wrote the log line. */
export type OperatorNotice = (text: string, severity: Severity, opts?: { logged?: boolean }) => void;

/**
 * operatorNotices logs every notice and, when OPS_CHAT names a chat ("telegram:-1001234" or
 * "discord:123…"), also posts it there through the delivery queue.
 */
export function operatorNotices(opsChat: string | undefined, producer: DeliveryProducer, payloads: PayloadStore, log: Logger): OperatorNotice {
  const target = opsChat ? parseChatKey(opsChat) : null;
  return (text, severity, opts = {}) => {
    if (opts.logged) {
      // the collector logged this transition itself: one line in the log, not two
    } else if (severity === 'info') log.info({ operator: true }, text);
    else log.warn({ operator: true }, text);
    if (!target) return;
    const now = Date.now();
    const id = `ops|${now}|${text.slice(0, 60)}`;
    void payloads
      .put(id, { title: `Cascade operator notice`, severity, blocks: [{ type: 'text', text }] })
      .then(() => producer.enqueueMessage(target.platform, target.chatId, id, now))
      .catch((err) => log.warn({ err }, 'could not queue the operator notice'));
  };
}
