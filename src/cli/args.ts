import { LocaleError, makeLocale, type Locale } from '../i18n/locale.js';
import type { ReplayOptions } from './replay-run.js';

/** CliArgs is the parsed command line of the replay and demo commands. */
export interface CliArgs {
  file?: string;
  rules?: string;
  json: boolean;
  help: boolean;
  color?: boolean;
  /** The language and zone the texts are written in (`--lang`, `--tz`; default en on UTC); `data` never depends on it. */
  locale: Locale;
}

/** terminalOutput is how replay and demo write: to this process's stdout and stderr, in color only on a terminal (never with --json). */
export function terminalOutput(args: CliArgs): Pick<ReplayOptions, 'json' | 'color' | 'write' | 'writeErr' | 'locale'> {
  return {
    json: args.json,
    color: args.color ?? (!args.json && process.stdout.isTTY === true),
    write: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
    locale: args.locale,
  };
}

/** CliUsageError is a bad command line: print the message and the usage, exit 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** optionValue reads `--name VALUE` or `--name=VALUE` at argv[i]; returns the value and the next index, or null when argv[i] is another option. */
function optionValue(argv: readonly string[], i: number, name: string, example: string): { value: string; next: number } | null {
  const a = argv[i];
  if (a !== name && !a.startsWith(`${name}=`)) return null;
  const value = a === name ? argv[i + 1] : a.slice(name.length + 1);
  if (!value) throw new CliUsageError(`${name} needs a value, e.g. ${name} ${example}`);
  return { value, next: a === name ? i + 1 : i };
}

/** localeOf validates `--lang` and `--tz` together (en on UTC when absent). */
function localeOf(lang: string, tz: string): Locale {
  try {
    return makeLocale(lang, tz);
  } catch (err) {
    if (err instanceof LocaleError) throw new CliUsageError(`--lang/--tz: ${err.message}`);
    throw err;
  }
}

/** parseCliArgs reads `FILE [--rules RULES_FILE] [--json] [--no-color] [--lang en|zh] [--tz ZONE] [--help]`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const out: Omit<CliArgs, 'locale'> = { json: false, help: false };
  let lang = 'en';
  let tz = 'UTC';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const l = optionValue(argv, i, '--lang', 'zh');
    const z = l ? null : optionValue(argv, i, '--tz', 'Asia/Shanghai');
    if (l) [lang, i] = [l.value, l.next];
    else if (z) [tz, i] = [z.value, z.next];
    else if (a === '--json') out.json = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--no-color') out.color = false;
    else if (a === '--color') out.color = true;
    else if (a === '--rules' || a.startsWith('--rules=')) {
      const v = a === '--rules' ? argv[++i] : a.slice('--rules='.length);
      if (!v) throw new CliUsageError('--rules needs a file, e.g. --rules rules.yaml');
      out.rules = v;
    } else if (a.startsWith('-')) throw new CliUsageError(`unknown option ${a}`);
    else if (out.file === undefined) out.file = a;
    else throw new CliUsageError(`unexpected argument ${a} (one FILE only)`);
  }
  return { ...out, locale: localeOf(lang, tz) };
}
