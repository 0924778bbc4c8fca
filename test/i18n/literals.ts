/**
 * The scanner behind test/i18n/no-literals.test.ts: finds the string literals in a TypeScript file that put words in
 * front of a chat reader without the catalogue. A literal is flagged when it reads as prose (two words, or any CJK),
 * or when it carries a word in a place a message is built (a `title`/`text`/`footer`/`heading`/`alt`/`content`/`value`
 * property, an `items` push, a command's returned line), unless its place says it is not for a chat reader: a module
 * path, a type, a catalogue key (`t`, `key`), a log call, an operator error (`new …Error` but UsageError, an Error
 * class's own message), stderr, a comparison or switch case, an object key, a USAGE text, a job's description or
 * result (the scheduler's log), or a command example ("/settings timezone Asia/Shanghai").
 */

import ts from 'typescript';

/** Finding is one flagged literal: where, and its text. */
export interface Finding {
  line: number;
  text: string;
}

const PROSE = /\p{L}{2,}[,.:;!?]?\s+\p{L}{2,}/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const WORD = /\p{L}{2,}/u;
const COMMAND_SYNTAX = /^\/[a-z_]+(\s|$)/;
const DISPLAY_PROPS = new Set(['title', 'text', 'footer', 'heading', 'alt', 'content', 'value']);
const KEY_CALLS = new Set(['t', 'key']);
const LOG_CALLS = new Set(['info', 'warn', 'error', 'debug', 'trace', 'fatal', 'writeErr']);

function calleeName(e: ts.Expression): string {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return '';
}

/** inErrorClass says whether a node sits in a class that extends an Error (its message is for the log, or is the UsageError line built elsewhere). */
function inErrorClass(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isClassDeclaration(p)) return (p.heritageClauses ?? []).some((h) => h.types.some((t) => /Error$/.test(t.expression.getText())));
  }
  return false;
}

/** Mode is what a scanned file is: a command (its returned lines are replies), a job (its description and results are the scheduler's log), or any other message builder. */
export type Mode = 'command' | 'job' | 'other';

/** quiet says whether a literal's place makes it not a chat reader's text. */
function quiet(node: ts.Node, mode: Mode): boolean {
  if (inErrorClass(node)) return true;
  if (mode === 'job' && (returned(node) || isProp(node, 'description'))) return true;
  for (let n: ts.Node = node, p = node.parent; p; n = p, p = p.parent) {
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isTypeNode(p)) return true;
    if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
      const name = calleeName(p.expression);
      if (KEY_CALLS.has(name) || LOG_CALLS.has(name)) return true;
      if (ts.isPropertyAccessExpression(p.expression) && /process\.stderr\.write$/.test(p.expression.getText())) return true;
    }
    if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText()) && p.expression.getText() !== 'UsageError') return true;
    if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) return true;
    if (ts.isCaseClause(p) || ts.isElementAccessExpression(p)) return true;
    if (ts.isPropertyAssignment(p) && p.name === n) return true;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && p.name.text === 'USAGE') return true;
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

function isProp(node: ts.Node, names: string | Set<string>): boolean {
  const p = node.parent;
  if (!(ts.isPropertyAssignment(p) && p.initializer === node && ts.isIdentifier(p.name))) return false;
  return typeof names === 'string' ? p.name.text === names : names.has(p.name.text);
}

/** returned says whether a literal is what a function returns (through `a ? b : c`, `a ?? b`, `a || b`, parentheses). */
function returned(node: ts.Node): boolean {
  let n = node;
  for (let p = node.parent; p; n = p, p = p.parent) {
    if (ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === n)) return true;
    const passes = ts.isParenthesizedExpression(p) || (ts.isConditionalExpression(p) && p.condition !== n)
      || (ts.isBinaryExpression(p) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(p.operatorToken.kind));
    if (!passes) return false;
  }
  return false;
}

/** inDisplayPlace says whether a literal is a message part: a display property, an `items` push, or a command's returned line. */
function inDisplayPlace(node: ts.Node, mode: Mode): boolean {
  if (isProp(node, DISPLAY_PROPS)) return true;
  const p = node.parent;
  if (ts.isCallExpression(p) && /items\.push$/.test(p.expression.getText())) return true;
  return mode === 'command' && returned(node);
}

/** literalText is what a literal shows a reader: its text, placeholders of a template left out. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** scanSource lists the literals of one file that reach a reader without the catalogue. */
export function scanSource(fileName: string, source: string, mode: Mode = 'other'): Finding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Finding[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== null) {
      const flagged = (PROSE.test(text) || CJK.test(text) || (WORD.test(text) && inDisplayPlace(node, mode))) && !COMMAND_SYNTAX.test(text.trim());
      if (flagged && !quiet(node, mode)) out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.slice(0, 80) });
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
