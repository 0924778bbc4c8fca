import { textsFor } from '../src/i18n/catalogue.js';
import type { Lang } from '../src/i18n/locale.js';
import type { Command } from './services.js';
import type { CommandArg, CommandText } from './types.js';

/** MissingCommandTextError is a command, argument or choice the catalogue has no words for (a bug the registry test catches). */
export class MissingCommandTextError extends Error {
  constructor(key: string) {
    super(`the catalogue has no entry ${key.slice(0, 60)}`);
    this.name = 'MissingCommandTextError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * commandText reads a command's words in `lang` from the catalogue: `cmd.<name>.about`, each argument's
 * `arg.<arg>` label and `cmd.<name>.<arg>` hint, each fixed choice's `choice.<value>` label.
 */
export function commandText(lang: Lang, name: string, args: readonly CommandArg[]): CommandText {
  const x = textsFor({ lang, tz: 'UTC' });
  const need = (k: string): string => {
    const key = x.key(k);
    if (!key) throw new MissingCommandTextError(k);
    return x.t(key);
  };
  return {
    description: need(`cmd.${name}.about`),
    args: Object.fromEntries(args.map((a) => [a.name, { label: need(`arg.${a.name}`), hint: need(`cmd.${name}.${a.name}`) }])),
    choices: Object.fromEntries(args.flatMap((a) => a.choices ?? []).map((c) => [c, need(`choice.${c}`)])),
  };
}

/** command completes a command definition with its words, read from the catalogue by its name and arguments. */
export function command(def: Omit<Command, 'describe'>): Command {
  return { ...def, describe: (lang) => commandText(lang, def.name, def.args) };
}
