import { createHash } from 'node:crypto';
import type { RichMessage } from '../../chat/message.js';
import type { SendResult } from '../../chat/platform.js';
import { renderTelegram, renderTelegramPhoto, type TelegramChunk } from './render.js';

/** Part is one Telegram message of a laid-out RichMessage: a photo's caption or a text message, with its fingerprint. */
export interface Part {
  field: 'caption' | 'text';
  chunk: TelegramChunk;
  digest: string;
}

/** EditStep is one Bot API call of an update: edit a part in place, post a part the old message did not have, or delete a part it no longer has. */
export type EditStep =
  | { op: 'caption' | 'media' | 'text'; messageId: string; part: Part }
  | { op: 'send'; part: Part }
  | { op: 'delete'; messageId: string };

/** digestOf fingerprints a part's HTML (an edit skips a part whose fingerprint did not change). */
export function digestOf(chunk: TelegramChunk): string {
  return createHash('sha1').update(chunk.html).digest('base64url').slice(0, 16);
}

function part(field: Part['field'], chunk: TelegramChunk): Part {
  return { field, chunk, digest: digestOf(chunk) };
}

/** layout renders a message as the parts it is sent as: a photo's caption then text messages, or text messages alone. */
export function layout(msg: RichMessage, asPhoto: boolean): readonly Part[] {
  let memo = laidOut.get(msg);
  if (!memo) laidOut.set(msg, (memo = {}));
  return asPhoto ? (memo.photo ??= layoutPhoto(msg)) : (memo.text ??= renderTelegram(msg).map((c) => part('text', c)));
}

/**
 * laidOut keeps each message's layout while the message lives: a send is laid out to count its calls (pacing) and again
 * to post them, and a paid fan-out's worker is CPU-bound (issue 15). A message is never changed once rendered.
 */
const laidOut = new WeakMap<RichMessage, { photo?: readonly Part[]; text?: readonly Part[] }>();

function layoutPhoto(msg: RichMessage): readonly Part[] {
  const p = renderTelegramPhoto(msg);
  return [part('caption', p.caption), ...p.rest.map((c) => part('text', c))];
}

/**
 * planEdit turns an update into the calls it needs against the message sent earlier (`target`): a photo message
 * keeps its photo and takes the new caption (or, when the update brings a chart, the new photo and caption through
 * editMessageMedia); text parts are edited only where their fingerprint changed; parts the update gained are sent,
 * parts it lost are deleted. A photo is never edited with editMessageText (Telegram refuses it).
 */
export function planEdit(target: SendResult, msg: RichMessage, asPhoto: boolean): EditStep[] {
  const parts = layout(msg, asPhoto);
  const steps: EditStep[] = [];
  parts.forEach((p, i) => {
    const messageId = target.messageIds[i];
    if (messageId === undefined) return void steps.push({ op: 'send', part: p });
    if (p.field === 'caption' && msg.image) return void steps.push({ op: 'media', messageId, part: p });
    if (target.digests?.[i] === p.digest) return;
    steps.push({ op: p.field === 'caption' ? 'caption' : 'text', messageId, part: p });
  });
  for (const messageId of target.messageIds.slice(parts.length)) steps.push({ op: 'delete', messageId });
  return steps;
}
