import type { Logger } from 'pino';
import type { DeliveryProducer } from '../delivery/producer.js';
import type { PayloadStore } from '../delivery/payloads.js';
import { parseChatKey } from '../chat/chat-key.js';
import type { Severity } from '../chat/severity.js';

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
