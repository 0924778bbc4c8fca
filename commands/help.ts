import { textsFor, type Texts } from '../src/i18n/catalogue.js';
import { command } from './describe.js';
import type { CommandDef } from './types.js';

/** helpLine is one command in /help: "/mute duration [what]: Silence alerts … (admins)", in the reader's language. */
function helpLine(def: CommandDef<any>, x: Texts): string {
  const words = def.describe(x.locale.lang);
  const args = def.args.map((a) => (a.required ? words.args[a.name].label : `[${words.args[a.name].label}]`)).join(' ');
  return x.t('cmd.help.item', { command: def.name, args: args ? ` ${args}` : '', about: words.description, admin: def.adminOnly ? 'yes' : 'no' });
}

/** help lists every command, derived from the registry (never kept by hand), in the chat's language. */
export const help = command({
  name: 'help',
  args: [],
  adminOnly: false,
  example: '/help',
  async run(ctx) {
    const x = textsFor(ctx.locale);
    return {
      title: x.t('cmd.help.title'),
      blocks: [
        { type: 'text', text: x.t('cmd.help.intro') },
        { type: 'list', items: ctx.services.commands().map((d) => helpLine(d, x)) },
        { type: 'text', text: x.t('cmd.help.locale') },
      ],
    };
  },
});
