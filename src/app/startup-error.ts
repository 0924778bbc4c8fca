/** EXIT_CONFIG: a value the operator must change (a refused token, a bad URL, a bad rules file). */
export const EXIT_CONFIG = 2;
/** EXIT_UNAVAILABLE: something the app needs is unreachable or busy (an API, Redis, a port): retrying later may work. */
export const EXIT_UNAVAILABLE = 3;

/**
 * StartupError is a fatal start-up problem the operator can fix, written as ONE line: the variable, its
 * value as it may be shown (secrets hidden), what went wrong and what to do (issue 11). main prints
 * `line()` and nothing else: no stack trace for a configuration mistake.
 */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    readonly shown: string,
    readonly problem: string,
    readonly fix: string,
    readonly exitCode: number,
    opts: { cause?: unknown } = {},
  ) {
    super(`${variable}=${shown} ${problem}: ${fix}`, { cause: opts.cause });
    this.name = 'StartupError';
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** line is what main prints: one line, no newline inside. */
  line(): string {
    return `cascade: cannot start: ${this.message.replace(/\s*\n\s*/g, '; ')}`;
  }
}

/** shownToken is a bot token as a log may show it: Telegram keeps its public bot id (`123456789:(hidden)`). */
export function shownToken(token: string): string {
  const tg = /^(\d{3,12}):/.exec(token);
  return tg ? `${tg[1]}:(hidden)` : '(hidden)';
}

/** errorCode finds a system error code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, …) on an error or its causes. */
export function errorCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as { code?: unknown; errno?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (Array.isArray(e.errors)) for (const x of e.errors) { const c = errorCode(x, depth + 1); if (c) return c; }
  return errorCode(e.cause, depth + 1);
}

/** DeadlineError: a start-up step did not finish in time. */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
    this.name = 'DeadlineError';
  }
}

/** withDeadline rejects with DeadlineError when `p` takes longer than `ms` (the step itself is stopped by the caller's teardown). */
export function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new DeadlineError(ms)), ms)));
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
