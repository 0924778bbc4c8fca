/**
 * Contracts quoted per 1,000 (or more) units of their asset: Binance and Bybit list `1000PEPEUSDT`,
 * `1000000MOGUSDT`, `1MBABYDOGEUSDT`, Hyperliquid lists `kPEPE` (issue 11: "contracts quoted per 1,000
 * units map to their base asset with the multiplier instead of silently dropping out"). One helper for
 * every parser: a price per contract unit is divided by the multiplier, a size or open interest in
 * contract units is multiplied by it, a funding rate is unchanged.
 */

/** ContractUnit is the base asset a venue's contract name stands for, and how many base units one contract unit is. */
export interface ContractUnit {
  base: string;
  multiplier: number;
}

// Binance/Bybit spell the multiplier as a power-of-ten prefix (1000PEPE, 10000LADYS, 1000000MOG) or "1M" (1MBABYDOGE).
// Only powers of ten from 1,000 up count, so 1INCH stays 1INCH; the rest must start with a letter so 1000 alone stays itself.
const DIGIT_PREFIX = /^(1000|10000|100000|1000000|10000000)([A-Z][A-Z0-9]*)$/;
const MILLION_PREFIX = /^1M([A-Z][A-Z0-9]+)$/;
// Hyperliquid spells 1,000 as a lower-case k (kPEPE, kBONK, kSHIB); its other names are upper case.
const KILO_PREFIX = /^k([A-Z][A-Z0-9]*)$/;

/**
 * contractUnit reads a venue's contract base name (quote already stripped: `1000PEPE`, `kPEPE`, `BTC`) as
 * its base asset and multiplier: `1000PEPE` → PEPE × 1,000, `kPEPE` → PEPE × 1,000, `BTC` → BTC × 1.
 */
export function contractUnit(name: string): ContractUnit {
  const k = KILO_PREFIX.exec(name);
  if (k) return { base: k[1], multiplier: 1_000 };
  const upper = name.toUpperCase();
  const m = MILLION_PREFIX.exec(upper);
  if (m) return { base: m[1], multiplier: 1_000_000 };
  const d = DIGIT_PREFIX.exec(upper);
  if (d) return { base: d[2], multiplier: Number(d[1]) };
  return { base: upper, multiplier: 1 };
}

/** toBase converts a contract-unit quantity and price to base units: qty × multiplier, price ÷ multiplier. */
export function toBase(unit: ContractUnit, qty: number, price: number): { qty: number; price: number } {
  return { qty: qty * unit.multiplier, price: price / unit.multiplier };
}

/**
 * resolveContract picks the venue contract name for a base asset among the names a venue lists: the
 * plain name first, then the multiplied ones (PEPE → 1000PEPE on Binance, kPEPE on Hyperliquid). It
 * returns null when the venue lists none of them.
 */
export function resolveContract(base: string, listed: ReadonlySet<string>): string | null {
  if (listed.has(base)) return base;
  for (const name of listed) {
    const u = contractUnit(name);
    if (u.base === base && u.multiplier > 1) return name;
  }
  return null;
}
