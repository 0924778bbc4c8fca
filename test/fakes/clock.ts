/**
 * FakeClock is a fake server's "now": a base clock (the real one unless given) plus an offset a test moves,
 * so time rules (Telegram's 48 h edit window, rate-limit windows, Discord's nonce window) run without sleeping.
 */
export class FakeClock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  /** now is the fake's current time in ms since the epoch. */
  readonly now = (): number => this.base() + this.offset;

  /** advance moves the clock forward by `ms` (negative moves it back). */
  advance(ms: number): void {
    this.offset += ms;
  }

  /** set makes now() equal `ms` at this instant (it keeps ticking with the base clock). */
  set(ms: number): void {
    this.offset = ms - this.base();
  }
}
