/** CliArgs is the parsed command line of the replay and demo commands. */
export interface CliArgs {
  file?: string;
  rules?: string;
  json: boolean;
  help: boolean;
  color?: boolean;
}

/** CliUsageError is a bad command line: print the message and the usage, exit 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** parseCliArgs reads `FILE [--rules RULES_FILE] [--json] [--no-color] [--help]`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') out.json = true;
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
  return out;
}
