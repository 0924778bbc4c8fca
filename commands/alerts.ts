import { textsFor } from '../src/i18n/catalogue.js';
import { renderAlert } from '../src/i18n/alerts.js';
import { command } from './describe.js';

const SHOWN = 10;

/** alerts lists the most recent alerts the engine fired, written again in the chat's language and zone. */
export const alerts = command({
  name: 'alerts',
  args: [],
  adminOnly: false,
  example: '/alerts',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    const f = x.fmt;
    const recent = ctx.services.market.recentAlerts(SHOWN);
    if (recent.length === 0) return x.t('cmd.alerts.none');
    const item = (a: (typeof recent)[number]) => x.t('cmd.alerts.item', {
      when: `${f.date(a.ts).slice(5)} ${f.clock(a.ts)}`,
      severity: x.t(`severity.${a.severity}`).toUpperCase(),
      title: renderAlert(a, ctx.locale).title,
    });
    return {
      title: x.t('cmd.alerts.title', { n: recent.length }),
      blocks: [{ type: 'list', items: recent.map(item) }],
      footer: x.t('cmd.alerts.footer', { zone: f.zone(ctx.now) }),
    };
  },
});
