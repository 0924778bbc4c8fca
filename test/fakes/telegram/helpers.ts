import { Telegram } from 'telegraf';
import type { FakeTelegram } from './server.js';

/** PNG is a small well-formed PNG header plus bytes: enough for the fake, which stores what it receives. */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))]);
/** OTHER_PNG differs from PNG in its bytes (a new chart). */
export const OTHER_PNG = Buffer.concat([PNG, Buffer.from([1, 2, 3])]);

/** client is the real telegraf Telegram client pointed at the fake. */
export function client(fake: FakeTelegram): Telegram {
  return new Telegram(fake.token, { apiRoot: fake.apiRoot, webhookReply: false });
}

/** ApiFailure is what a refused call threw: telegraf's TelegramError fields. */
export interface ApiFailure {
  code: number;
  description: string;
  parameters?: Record<string, unknown>;
}

/** refusal awaits a call that must fail and returns the TelegramError's code, description and parameters. */
export async function refusal(p: Promise<unknown>): Promise<ApiFailure> {
  const err = await p.then(
    () => {
      throw new Error('the fake accepted a call it should refuse');
    },
    (e: unknown) => e as { code: number; description: string; parameters?: Record<string, unknown> },
  );
  return { code: err.code, description: err.description, ...(err.parameters && Object.keys(err.parameters).length > 0 ? { parameters: err.parameters } : {}) };
}

/** paid adds allow_paid_broadcast: @telegraf/types 7.1 predates it, telegraf passes extra fields through (reference §1.1). */
export function paid<T extends object>(extra: T = {} as T): T {
  return { ...extra, ...({ allow_paid_broadcast: true } as object) } as T;
}
