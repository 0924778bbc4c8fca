import type { RichMessage } from './message.js';

/** PlatformName names a chat platform Cascade serves. */
export type PlatformName = 'telegram' | 'discord';

/** ChatRef identifies one chat (Telegram chat id, or Discord channel id with its guild). */
export interface ChatRef {
  platform: PlatformName;
  chatId: string;
  guildId?: string;
}

/** SendResult names the platform message ids a send produced (a long text may be split). */
export interface SendResult {
  messageIds: string[];
}

/**
 * ChatPlatform is the delivery port each platform adapter implements. Failures are thrown as
 * PlatformError (src/chat/errors.ts) so delivery can tell retry, wait, move and give up apart.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  /** send posts one message; `nonce` is an idempotency key where the platform has one (Discord). */
  send(chatId: string, msg: RichMessage, opts?: { nonce?: string }): Promise<SendResult>;
  /** edit replaces a message sent earlier (the cascade message is updated in place). */
  edit(chatId: string, messageId: string, msg: RichMessage): Promise<void>;
}
