import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_RULES } from './rules-defaults.js';
import { RulesSchema, type RulesConfig } from './rules-schema.js';

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

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join('.') || '(top level)';
  let got: unknown = input;
  for (const p of issue.path) got = isPlainObject(got) || Array.isArray(got) ? (got as any)[p as any] : undefined;
  const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)?.slice(0, 60)})`;
  return `${path}: ${issue.message}${shown}`;
}

/** validateRules checks a partial rules object merged over the defaults; returns config or problems. */
export function validateRules(partial: unknown): { ok: true; rules: RulesConfig } | { ok: false; problems: string[] } {
  if (partial !== undefined && partial !== null && !isPlainObject(partial)) {
    return { ok: false, problems: ['(top level): expected a mapping of rule sections, e.g. "levelBreak: {hysteresisPct: 0.5}"'] };
  }
  const merged = mergeRules(DEFAULT_RULES, partial ?? {});
  const res = RulesSchema.safeParse(merged);
  if (!res.success) return { ok: false, problems: res.error.issues.map((i) => describeIssue(i, merged)) };
  return { ok: true, rules: res.data };
}

/** loadRulesFile reads a YAML or JSON rules file and validates it over the defaults; throws RulesFileError. */
export function loadRulesFile(file: string): RulesConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RulesFileError(file, [`cannot read the file: ${(err as Error).message}`], err);
  }
  let parsed: unknown;
  try {
    parsed = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new RulesFileError(file, [`not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`], err);
  }
  const res = validateRules(parsed);
  if (!res.ok) throw new RulesFileError(file, res.problems);
  return res.rules;
}
