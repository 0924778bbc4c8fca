import type { RichMessage } from './message.js';

/** PlatformName names a chat platform Cascade serves. */
export type PlatformName = 'telegram' | 'discord';

/** ChatRef identifies one chat (Telegram chat id, or Discord channel id with its guild). */
export interface ChatRef {
  platform: PlatformName;
  chatId: string;
  guildId?: string;
}

/**
 * SendResult names the platform messages a send produced (a long text may be split; a chart may come first as a
 * photo) and what a later edit needs to know of them. Delivery keeps it in its ledger, so it stays small JSON.
 */
export interface SendResult {
  messageIds: string[];
  /** The file name of the image the first message carries (Telegram: a photo; Discord: the embed's chart), if any. */
  image?: string;
  /** A fingerprint of each message's content, in order: an edit skips the messages whose content did not change. */
  digests?: string[];
}

/**
 * ChatPlatform is the delivery port each platform adapter implements. Failures are thrown as
 * PlatformError (src/chat/errors.ts) so delivery can tell retry, wait, move and give up apart.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  /**
   * send posts one message; `nonce` is an idempotency key where the platform has one (Discord); `paid` asks for a
   * paid broadcast where the platform sells one (Telegram `allow_paid_broadcast`; others ignore it).
   */
  send(chatId: string, msg: RichMessage, opts?: { nonce?: string; paid?: boolean }): Promise<SendResult>;
  /**
   * edit updates in place what an earlier send produced (the cascade message as it develops) and returns the
   * messages it now is; "not modified" is success. A message that can no longer be edited (deleted, too old)
   * throws PlatformError `uneditable`: the caller posts a new one.
   */
  edit(chatId: string, target: SendResult, msg: RichMessage): Promise<SendResult>;
  /** cost is how many platform calls sending `msg` (or, with a target, updating it) takes: pacing counts calls, not jobs. */
  cost?(msg: RichMessage, target?: SendResult): number;
}
