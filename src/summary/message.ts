import type { RichMessage } from '../chat/message.js';
import type { Summary } from './types.js';

/** summaryMessage turns a crash summary into the platform-neutral message (chart attached when given). */
export function summaryMessage(s: Summary, chart: Buffer | null): RichMessage {
  const blocks: RichMessage['blocks'] = [{ type: 'text', text: s.doc.lead }];
  for (const sec of s.doc.sections) {
    blocks.push({ type: 'heading', text: sec.heading });
    if (sec.paragraph) blocks.push({ type: 'text', text: sec.paragraph });
    if (sec.items.length > 0) blocks.push({ type: 'list', items: sec.items });
  }
  return {
    title: s.title,
    severity: s.data.alerts.cascades > 0 ? 'critical' : s.data.alerts.total > 0 ? 'warning' : 'info',
    blocks,
    footer: 'Cascade · figures from the venues we watch; liquidation totals are floors',
    ...(chart ? { image: { png: chart, filename: 'chart.png', alt: s.title } } : {}),
  };
}
