import type { FakeState, SentMessage } from './state.js';

/** InboxEntry is what a chat (or topic) shows for one message now: text or caption, the photo, how often it was edited. */
export interface InboxEntry {
  messageId: number;
  threadId?: number;
  kind: 'text' | 'photo';
  /** The text or caption as the reader sees it (after entity parsing). */
  shown: string;
  photo?: Buffer;
  edits: number;
}

/** sentTo lists the accepted messages to a chat; `threadId` narrows to one topic (null: outside any topic). */
export function sentTo(st: FakeState, chatId: string | number, opts: { threadId?: number | null } = {}): SentMessage[] {
  return st.messages.filter((m) => m.chatId === String(chatId) && (opts.threadId === undefined || (m.threadId ?? null) === opts.threadId));
}

/** inbox is what a chat (or one topic) shows now: the live messages, each with its current text or caption and photo. */
export function inbox(st: FakeState, chatId: string | number, opts: { threadId?: number | null } = {}): InboxEntry[] {
  return sentTo(st, chatId, opts).filter((m) => !m.deleted).map((m) => ({
    messageId: m.messageId, ...(m.threadId !== undefined ? { threadId: m.threadId } : {}), kind: m.photo ? 'photo' : 'text',
    shown: m.content.text, ...(m.photo ? { photo: m.photo.data } : {}), edits: m.edits.length,
  }));
}
