import pino, { type Logger } from 'pino';
import { scrub, scrubDeep } from './secrets.js';

/** LogFormat is JSON (production, containers) or pretty (a developer's terminal). */
export type LogFormat = 'json' | 'pretty';

/**
 * createLogger builds the one pino logger: structured JSON, or pretty in a terminal, with every secret
 * scrubbed from messages, fields and errors (bot tokens are in Telegram URLs) before anything is written.
 */
export function createLogger(opts: { level?: string; format?: LogFormat; destination?: pino.DestinationStream } = {}): Logger {
  const format = opts.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const base: pino.LoggerOptions = {
    level: opts.level ?? 'info',
    base: { app: 'cascade' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        // pino takes an Error's message as the log message: give it the scrubbed one instead.
        const first = args[0] as unknown;
        const norm: unknown[] = first instanceof Error ? [{ err: first }, ...(args.length > 1 ? args.slice(1) : [first.message])] : args;
        method.apply(this, norm.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: { err: (e: unknown) => scrubDeep(e) },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (format === 'pretty') return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } });
  return pino(base);
}

export type { Logger };
