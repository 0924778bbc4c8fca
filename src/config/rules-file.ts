import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_RULES } from './rules-defaults.js';
import { MIN_LEVEL_STEP_FRACTION, RulesSchema, type RulesConfig } from './rules-schema.js';

/** MAX_RULES_FILE_BYTES: a rules file is a page of settings; anything near this size is a mistake (a log, a dump). */
export const MAX_RULES_FILE_BYTES = 256 * 1024;
/** YAML_MAX_ALIASES bounds alias expansion (a "billion laughs" file; yaml's own default is 100). */
const YAML_MAX_ALIASES = 50;
/** SHOWN_VALUE_CHARS: how much of a refused value a problem line shows (never a whole 50 MB value). */
const SHOWN_VALUE_CHARS = 60;

/** RulesFileError lists every problem of a rules file at once, each naming its field. */
export class RulesFileError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[], cause?: unknown) {
    super(`rules file ${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { cause });
    this.name = 'RulesFileError';
    this.problems = problems;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** mergeRules lays a partial rules object over the defaults: objects merge, arrays and scalars replace. */
export function mergeRules(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = mergeRules(base[key], over[key]);
  }
  return out;
}

/** shownValue is a bounded excerpt of a refused value: scalars as written, a mapping or list only by its size. */
function shownValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > SHOWN_VALUE_CHARS ? `${v.slice(0, SHOWN_VALUE_CHARS)}…` : v) + (v.length > SHOWN_VALUE_CHARS ? ` (${v.length} characters)` : '');
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isPlainObject(v)) return `a mapping of ${Object.keys(v).length} keys`;
  return String(v).slice(0, SHOWN_VALUE_CHARS);
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${path ? `${path}.` : ''}${k.slice(0, 40)}: unknown key (rules.example.yaml lists every key)`);
  let got: unknown = input;
  for (const p of issue.path) got = isPlainObject(got) || Array.isArray(got) ? (got as any)[p as any] : undefined;
  const shown = got === undefined || issue.path.length === 0 ? '' : ` (got ${shownValue(got)})`;
  return [`${path || '(top level)'}: ${issue.message}${shown}`];
}

/** stepProblems refuses a level step too small for the asset's own explicit levels (each tick would cross one). */
function stepProblems(rules: RulesConfig): string[] {
  const out: string[] = [];
  for (const [sym, a] of Object.entries(rules.assets)) {
    const top = Math.max(0, ...(a.levels ?? []));
    if (a.levelStep !== undefined && top > 0 && a.levelStep < top * MIN_LEVEL_STEP_FRACTION) {
      out.push(`assets.${sym}.levelStep: ${a.levelStep} is under ${MIN_LEVEL_STEP_FRACTION * 100}% of its level ${top}: every tick would cross a level; e.g. levelStep: ${Number((top * 0.02).toPrecision(1))}`);
    }
  }
  return out;
}

/** validateRules checks a partial rules object merged over the defaults; returns config or problems. */
export function validateRules(partial: unknown): { ok: true; rules: RulesConfig } | { ok: false; problems: string[] } {
  if (partial !== undefined && partial !== null && !isPlainObject(partial)) {
    return { ok: false, problems: ['(top level): expected a mapping of rule sections, e.g. "levelBreak: {hysteresisPct: 0.5}"'] };
  }
  const merged = mergeRules(DEFAULT_RULES, partial ?? {});
  const res = RulesSchema.safeParse(merged);
  if (!res.success) return { ok: false, problems: res.error.issues.flatMap((i) => describeIssue(i, merged)) };
  const steps = stepProblems(res.data);
  return steps.length > 0 ? { ok: false, problems: steps } : { ok: true, rules: res.data };
}

/** readBounded reads a regular file of at most MAX_RULES_FILE_BYTES; a directory, a device or a larger file is refused. */
function readBounded(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new RulesFileError(file, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`], err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new RulesFileError(file, ['not a regular file (a directory or a device?)']);
    if (st.size > MAX_RULES_FILE_BYTES) throw new RulesFileError(file, [`${st.size} bytes: over the ${MAX_RULES_FILE_BYTES / 1024} KiB a rules file may have`]);
    const buf = Buffer.alloc(MAX_RULES_FILE_BYTES + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > MAX_RULES_FILE_BYTES) throw new RulesFileError(file, [`over the ${MAX_RULES_FILE_BYTES / 1024} KiB a rules file may have`]);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** loadRulesFile reads a YAML or JSON rules file (bounded: size, aliases, duplicate keys) and validates it over the defaults; throws RulesFileError. */
export function loadRulesFile(file: string): RulesConfig {
  const text = readBounded(file);
  let parsed: unknown;
  try {
    parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: YAML_MAX_ALIASES, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    throw new RulesFileError(file, [`not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0].slice(0, 160)}`], err);
  }
  const res = validateRules(parsed);
  if (!res.ok) throw new RulesFileError(file, res.problems);
  return res.rules;
}
