import { STATUS_CODES } from 'node:http';
import type { ChatRegistry } from './chats.js';
import { fail, type Params, type Reply } from './state.js';

/** CHAT_METHODS are the calls a scripted chat failure applies to. */
export const CHAT_METHODS = new Set([
  'sendMessage', 'sendPhoto', 'editMessageText', 'editMessageCaption', 'editMessageMedia', 'deleteMessage',
  'sendChatAction', 'getChatMember', 'getChatAdministrators', 'getChat',
]);

/** ChatFailure is a scripted failure for one chat: the exact answers Telegram gives (reference §1.2). */
export type ChatFailure = 'kicked' | 'blocked' | 'not_found' | 'hang' | { migrateTo: number } | { status: number; description?: string; parameters?: Record<string, unknown> };

interface Script {
  failure: ChatFailure;
  remaining: number;
  methods?: readonly string[];
}

/**
 * ChatFaults scripts per-chat failures (kicked, blocked, not found, migrated, any status, or a hang) for the
 * next N calls or until cleared. They apply before every rule of the fake, like an outage on Telegram's side.
 */
export class ChatFaults {
  private readonly scripts = new Map<string, Script>();

  constructor(private readonly chats: ChatRegistry) {}

  /** set scripts a failure for a chat's calls (all chat methods, or `methods`), `times` times or until cleared. */
  set(chatId: string | number, failure: ChatFailure, opts: { times?: number; methods?: readonly string[] } = {}): void {
    this.scripts.set(String(chatId), { failure, remaining: opts.times ?? Infinity, methods: opts.methods });
  }

  /** clear removes the scripted failures of one chat, or of all. */
  clear(chatId?: string | number): void {
    if (chatId === undefined) this.scripts.clear();
    else this.scripts.delete(String(chatId));
  }

  /** answer returns the scripted failure for this call (null: hang; undefined: none). */
  answer(method: string, params: Params): Reply | null | undefined {
    if (!CHAT_METHODS.has(method)) return undefined;
    const chatId = String(params.fields.chat_id);
    const script = this.scripts.get(chatId);
    if (!script || (script.methods && !script.methods.includes(method))) return undefined;
    if (--script.remaining <= 0) this.scripts.delete(chatId);
    return this.reply(chatId, script.failure);
  }

  private reply(chatId: string, failure: ChatFailure): Reply | null {
    if (failure === 'hang') return null;
    const type = this.chats.get(chatId).type;
    if (failure === 'kicked') return fail(403, `Forbidden: bot was kicked from the ${type === 'private' ? 'group' : type === 'channel' ? 'channel' : type} chat`);
    if (failure === 'blocked') return fail(403, 'Forbidden: bot was blocked by the user');
    if (failure === 'not_found') return fail(400, 'Bad Request: chat not found');
    if ('migrateTo' in failure) return fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: failure.migrateTo });
    return fail(failure.status, failure.description ?? STATUS_CODES[failure.status] ?? 'Server Error', failure.parameters);
  }
}
