import { createServer, type Server } from 'node:http';
import type { RichMessage } from '../../src/chat/message.js';
import type { ChatPlatform, SendResult } from '../../src/chat/platform.js';

/** HttpPlatform posts each send to a receipt server over HTTP, so a worker in another process can be killed mid-send. */
export class HttpPlatform implements ChatPlatform {
  readonly name = 'telegram' as const;
  constructor(private readonly url: string) {}
  async send(chatId: string, msg: RichMessage): Promise<SendResult> {
    const res = await fetch(`${this.url}/send`, { method: 'POST', body: JSON.stringify({ chatId, title: msg.title }) });
    return { messageIds: [await res.text()] };
  }
  async edit(_chatId: string, target: SendResult): Promise<SendResult> {
    return target;
  }
}

/** ReceiptServer records what HttpPlatform workers sent: one line per (chat, title). */
export class ReceiptServer {
  readonly receipts: Array<{ chatId: string; title: string }> = [];
  private server: Server | null = null;
  url = '';
  async start(): Promise<void> {
    let next = 1;
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.receipts.push(JSON.parse(body));
        res.end(String(next++));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }
  counts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.receipts) m.set(`${r.chatId}|${r.title}`, (m.get(`${r.chatId}|${r.title}`) ?? 0) + 1);
    return m;
  }
  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}
