/**
 * Catalogue parity: every language has the same keys as English, every message parses, reads the same
 * placeholders, and handles the same cases of every select both read. test/i18n/catalogue.test.ts runs it
 * on the shipped catalogues; it is a function so the test can also show it catches each kind of drift.
 */

import { parseMessage, placeholders, selectKeys } from './icu.js';

/** parityProblems lists, one line each, how `other` (named `lang`) differs from the reference catalogue. */
export function parityProblems(reference: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>, lang: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(reference)) if (!Object.hasOwn(other, key)) out.push(`${lang}: missing key ${key}`);
  for (const key of Object.keys(other)) if (!Object.hasOwn(reference, key)) out.push(`${lang}: extra key ${key}`);
  for (const [key, ref] of Object.entries(reference)) {
    const msg = Object.hasOwn(other, key) ? other[key] : undefined;
    if (msg === undefined) continue;
    try {
      parseMessage(ref);
      parseMessage(msg);
    } catch (err) {
      out.push(`${lang}: ${key} does not parse: ${(err as Error).message}`);
      continue;
    }
    const a = [...placeholders(ref).keys()].sort();
    const b = [...placeholders(msg).keys()].sort();
    for (const p of a) if (!b.includes(p)) out.push(`${lang}: ${key} lacks placeholder {${p}}`);
    for (const p of b) if (!a.includes(p)) out.push(`${lang}: ${key} has placeholder {${p}} that en lacks`);
    const sa = selectKeys(ref);
    const sb = selectKeys(msg);
    for (const [arg, cases] of sa) {
      const theirs = sb.get(arg);
      if (theirs && theirs.join('|') !== cases.join('|')) out.push(`${lang}: ${key} select {${arg}} cases ${theirs.join(',')} differ from en ${cases.join(',')}`);
    }
  }
  return out;
}
