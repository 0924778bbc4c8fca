import type { Config } from '../config/env.js';
import { DeadlineError, EXIT_CONFIG, EXIT_UNAVAILABLE, StartupError, errorCode, shownToken } from './startup-error.js';

/** CHAT_START_DEADLINE_MS: a chat API that has not answered the bot's first call in this long is unreachable. */
export const CHAT_START_DEADLINE_MS = 10_000;

function httpStatus(err: unknown, depth = 0): number | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as { code?: unknown; status?: unknown; response?: { error_code?: unknown }; cause?: unknown };
  if (typeof e.response?.error_code === 'number') return e.response.error_code;
  if (typeof e.status === 'number') return e.status;
  if (typeof e.code === 'number') return e.code;
  return httpStatus(e.cause, depth + 1);
}

function why(err: unknown): string {
  if (err instanceof DeadlineError) return err.message;
  return errorCode(err) ?? (err instanceof Error ? err.message.slice(0, 80) : String(err).slice(0, 80));
}

/** telegramStartupError explains a failed first Bot API call (getMe): a refused token, or the API out of reach. */
export function telegramStartupError(cfg: Config, err: unknown): StartupError {
  const status = httpStatus(err);
  // The Bot API answers 401 Unauthorized to a revoked token and 404 Not Found to a malformed one (core.telegram.org/bots/api#making-requests).
  if (status === 401 || status === 404) {
    return new StartupError('TELEGRAM_BOT_TOKEN', shownToken(cfg.TELEGRAM_BOT_TOKEN ?? ''), `was refused by Telegram (${status} ${status === 401 ? 'Unauthorized' : 'Not Found'})`, 'copy the token again from @BotFather (/mybots → API Token) into .env, or unset it to run without Telegram', EXIT_CONFIG, { cause: err });
  }
  if (status !== undefined) {
    return new StartupError('TELEGRAM_API_ROOT', cfg.TELEGRAM_API_ROOT, `answered ${status} to getMe`, 'check TELEGRAM_API_ROOT (default https://api.telegram.org) and try again', EXIT_UNAVAILABLE, { cause: err });
  }
  return new StartupError('TELEGRAM_API_ROOT', cfg.TELEGRAM_API_ROOT, `is unreachable (${why(err)})`, 'check the network, a proxy or firewall, or TELEGRAM_API_ROOT; or unset TELEGRAM_BOT_TOKEN to run without Telegram', EXIT_UNAVAILABLE, { cause: err });
}

/** discordStartupError explains a failed gateway login: a refused token, or the API out of reach. */
export function discordStartupError(cfg: Config, err: unknown): StartupError {
  const code = (err as { cause?: { code?: unknown } })?.cause?.code;
  const status = httpStatus(err);
  if (code === 'TokenInvalid' || status === 401) {
    return new StartupError('DISCORD_TOKEN', shownToken(cfg.DISCORD_TOKEN ?? ''), 'was refused by Discord (401 Unauthorized)', 'reset the bot token in the developer portal (Bot → Reset Token) and put it in .env, or unset it to run without Discord', EXIT_CONFIG, { cause: err });
  }
  if (code === 'DisallowedIntents') {
    return new StartupError('DISCORD_TOKEN', shownToken(cfg.DISCORD_TOKEN ?? ''), 'asked for intents the bot is not allowed', 'Cascade needs only the Guilds intent: check the bot settings in the developer portal', EXIT_CONFIG, { cause: err });
  }
  return new StartupError('DISCORD_REST_URL', cfg.DISCORD_REST_URL, `is unreachable (${why(err)})`, 'check the network, a proxy or firewall, or DISCORD_REST_URL; or unset DISCORD_TOKEN to run without Discord', EXIT_UNAVAILABLE, { cause: err });
}
