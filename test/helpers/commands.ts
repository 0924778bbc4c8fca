import type { CommandArg, CommandDef } from '../../commands/types.js';

/** PlainDef is a test registry entry written the short way: one English description per command and argument. */
export type PlainDef<S> = Omit<CommandDef<S>, 'describe' | 'args'> & { description: string; args: ReadonlyArray<CommandArg & { description: string }> };

/** described turns a PlainDef into a CommandDef whose words are the same in every language (test registries have no catalogue entries). */
export function described<S>(def: PlainDef<S>): CommandDef<S> & { description: string } {
  const args = def.args.map(({ description: _d, ...a }) => a);
  const text = {
    description: def.description,
    args: Object.fromEntries(def.args.map((a) => [a.name, { label: a.name, hint: a.description }])),
    choices: Object.fromEntries(def.args.flatMap((a) => a.choices ?? []).map((c) => [c, c])),
  };
  return { ...def, args, describe: () => text };
}
