import { PlatformError } from '../../src/chat/errors.js';
import type { RichMessage } from '../../src/chat/message.js';
import type { ChatPlatform, PlatformName, SendResult } from '../../src/chat/platform.js';

/** Receipt is one message a chat received (or an edit of one). */
export interface Receipt {
  chatId: string;
  title: string;
  messageId: string;
  at: number;
  edit: boolean;
  msg: RichMessage;
}

/**
 * RecordingPlatform is an in-memory chat platform for delivery tests: it records every receipt and
 * answers with scripted failures per chat (a seam at the ChatPlatform port; the real telegraf and
 * discord.js adapters are tested against the fake servers).
 */
export class RecordingPlatform implements ChatPlatform {
  readonly receipts: Receipt[] = [];
  private readonly scripts = new Map<string, Array<() => PlatformError>>();
  private next = 1;
  latencyMs = 0;
  /** Called with each receipt as it is recorded (a test can stop a worker at an exact message). */
  onReceipt?: (r: Receipt) => void;

  constructor(readonly name: PlatformName = 'telegram') {}

  /** failNext makes the next `times` calls to a chat fail with the given error. */
  failNext(chatId: string, make: () => PlatformError, times = 1): void {
    const list = this.scripts.get(chatId) ?? [];
    for (let i = 0; i < times; i++) list.push(make);
    this.scripts.set(chatId, list);
  }

  async send(chatId: string, msg: RichMessage): Promise<SendResult> {
    await this.answer(chatId);
    const messageId = String(this.next++);
    this.record({ chatId, title: msg.title, messageId, at: Date.now(), edit: false, msg });
    return { messageIds: [messageId] };
  }

  async edit(chatId: string, target: SendResult, msg: RichMessage): Promise<SendResult> {
    await this.answer(chatId);
    this.record({ chatId, title: msg.title, messageId: target.messageIds[0], at: Date.now(), edit: true, msg });
    return { messageIds: target.messageIds };
  }

  /** shown is what a chat shows now: each message it got, as last edited, oldest first. */
  shown(chatId: string): RichMessage[] {
    const byId = new Map<string, RichMessage>();
    for (const r of this.receipts) if (r.chatId === chatId) byId.set(r.messageId, r.msg);
    return [...byId.values()];
  }

  /** countBy counts receipts per "chat|title" key (for lost/duplicate checks). */
  countBy(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.receipts) if (!r.edit) m.set(`${r.chatId}|${r.title}`, (m.get(`${r.chatId}|${r.title}`) ?? 0) + 1);
    return m;
  }

  private record(r: Receipt): void {
    this.receipts.push(r);
    this.onReceipt?.(r);
  }

  private async answer(chatId: string): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const script = this.scripts.get(chatId);
    const make = script?.shift();
    if (make) throw make();
  }
}

export { PlatformError };
