/** EDIT_INTERVAL_MS: a cascade message is edited at most once a minute per chat. */
export const EDIT_INTERVAL_MS = 60_000;
/**
 * EDIT_WINDOW_MS: a bot's message in a group can be edited for 48 hours (Telegram refuses later edits with "message
 * can't be edited"; the Bot API states the same 48 h for deleteMessage, https://core.telegram.org/bots/api#deletemessage).
 * An update to an older cascade message is posted as a new one.
 */
export const EDIT_WINDOW_MS = 48 * 3_600_000;

/**
 * editSlot is when a chat's cascade message is next edited with what was folded into it: at the start of
 * the next interval. One edit per chat per slot carries every alert folded during it (`slot` goes into
 * the edit's job id, so a second fold in the same interval adds nothing).
 */
export function editSlot(now: number, intervalMs = EDIT_INTERVAL_MS): { slot: number; delayMs: number } {
  const slot = Math.floor(now / intervalMs) + 1;
  return { slot, delayMs: slot * intervalMs - now };
}

/** digestSlot names the interval a quiet-hours digest is queued in (one digest per chat per interval). */
export function digestSlot(now: number, intervalMs = EDIT_INTERVAL_MS): number {
  return Math.floor(now / intervalMs);
}
