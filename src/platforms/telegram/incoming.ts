/**
 * Incoming is one command as Cascade reads it, from a group or private `message` or a channel's `channel_post`: the
 * destination it speaks for (the chat, or in a forum the topic it was sent in), who sent it and how to tell an admin.
 */
export interface Incoming {
  /** The destination id (src/chat/chat-key.ts): "-1001234", or "-1001234/42" for forum topic 42. */
  destination: string;
  isPrivate: boolean;
  sender: { id: string; name: string; languageCode?: string };
  payload: string;
  isAdmin(): Promise<boolean>;
  /** Shows "typing…" where the answer will appear (best effort). */
  typing(): void;
}
