import type { RichMessage } from '../chat/message.js';
import { formatUtc } from '../render/format.js';
import type { AlertEvent, CascadeTrigger } from './types.js';

const ICON: Record<AlertEvent['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };

/** alertMessage turns one alert into the platform-neutral message a chat receives. */
export function alertMessage(a: AlertEvent, chart?: Buffer | null): RichMessage {
  const blocks: RichMessage['blocks'] = [{ type: 'text', text: a.text }];
  if (a.kind === 'cascade') {
    const triggers = (a.data.triggers as CascadeTrigger[] | undefined) ?? [];
    if (triggers.length > 0) blocks.push({ type: 'heading', text: 'What set it off' }, { type: 'list', items: triggers.map((t) => `${formatUtc(t.ts).slice(11, 16)} ${t.title}`) });
  }
  return {
    title: `${ICON[a.severity]} ${a.title}`,
    severity: a.severity,
    blocks,
    footer: `${a.kind.replace('_', ' ')} · ${formatUtc(a.ts)}`,
    ...(chart ? { image: { png: chart, filename: 'chart.png', alt: a.title } } : {}),
  };
}

/** heldDigestMessage is the quiet-hours digest: the alerts held while the chat was quiet, as one message. */
export function heldDigestMessage(held: readonly AlertEvent[]): RichMessage {
  return {
    title: `While you were in quiet hours: ${held.length} alert${held.length === 1 ? '' : 's'}`,
    severity: held.some((a) => a.severity !== 'info') ? 'warning' : 'info',
    blocks: [{ type: 'list', items: held.map((a) => `${formatUtc(a.ts).slice(11, 16)} ${a.title}`) }],
  };
}

/** cascadeUpdateMessage is the cascade message edited in place: the cascade plus what it has folded in since. */
export function cascadeUpdateMessage(cascade: AlertEvent, folded: readonly AlertEvent[]): RichMessage {
  const msg = alertMessage(cascade);
  if (folded.length > 0) {
    msg.blocks.push({ type: 'heading', text: 'Since then' }, { type: 'list', items: folded.slice(-15).map((f) => `${formatUtc(f.ts).slice(11, 16)} ${f.title}`) });
  }
  return msg;
}
