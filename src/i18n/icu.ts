/**
 * A small subset of ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/):
 * `{name}`, `{n, plural, =0 {…} one {…} other {…}}` with `#` for the number, and `{x, select, a {…} other {…}}`,
 * nested freely. Plural categories come from `Intl.PluralRules`. No apostrophe quoting: `{` and `}` are
 * always syntax and every other character, `'` included, is literal (our catalogues never need a literal brace).
 */

/** Part is one piece of a parsed message. */
export type Part =
  | string
  | { type: 'arg'; name: string }
  | { type: 'hash' }
  | { type: 'plural' | 'select'; name: string; cases: Record<string, Part[]> };

/** MessageError is a malformed catalogue message or a missing/mistyped argument: a bug in our code or catalogue. */
export class MessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Args are the values a message interpolates: strings as they are, numbers for plural/select or formatted by the context. */
export type Args = Readonly<Record<string, string | number>>;

/** FormatContext is what formatting needs from the language: its plural rules and how it writes a plain number. */
export interface FormatContext {
  plural: Intl.PluralRules;
  number: (n: number) => string;
}

const PLURAL_KEYS = /^(=\d+|zero|one|two|few|many|other)$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  fail(why: string): never {
    throw new MessageError(`${why} at ${this.i} in "${this.src}"`);
  }

  /** message reads parts until a closing brace (nested) or the end (top level). */
  message(nested: boolean, inPlural: boolean): Part[] {
    const out: Part[] = [];
    let text = '';
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === '}') {
        if (!nested) this.fail('unmatched "}"');
        break;
      }
      if (c === '{' || (c === '#' && inPlural)) {
        if (text) out.push(text);
        text = '';
        if (c === '#') {
          this.i++;
          out.push({ type: 'hash' });
        } else out.push(this.argument());
        continue;
      }
      text += c;
      this.i++;
    }
    if (nested && this.src[this.i] !== '}') this.fail('missing "}"');
    if (text) out.push(text);
    return out;
  }

  private word(): string {
    this.space();
    const m = /^[^\s{},]+/.exec(this.src.slice(this.i));
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    this.space();
    return m[0];
  }

  private space(): void {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++;
  }

  private argument(): Part {
    this.i++; // {
    const name = this.word();
    if (!NAME.test(name)) this.fail(`bad argument name "${name}"`);
    if (this.src[this.i] === '}') {
      this.i++;
      return { type: 'arg', name };
    }
    if (this.src[this.i] !== ',') this.fail('expected "," or "}"');
    this.i++;
    const kind = this.word();
    if (kind !== 'plural' && kind !== 'select') this.fail(`unsupported argument type "${kind}"`);
    if (this.src[this.i] !== ',') this.fail('expected ","');
    this.i++;
    const cases: Record<string, Part[]> = Object.create(null);
    for (;;) {
      this.space();
      if (this.src[this.i] === '}') break;
      const key = this.word();
      if (kind === 'plural' && !PLURAL_KEYS.test(key)) this.fail(`bad plural category "${key}"`);
      if (this.src[this.i] !== '{') this.fail('expected "{"');
      this.i++;
      cases[key] = this.message(true, kind === 'plural');
      this.i++; // }
    }
    this.i++;
    if (!cases.other) this.fail(`${kind} "${name}" has no "other" case`);
    return { type: kind, name, cases };
  }
}

const PARSED = new Map<string, Part[]>();

/** parseMessage parses (and caches) a message; a malformed one throws MessageError naming the place. */
export function parseMessage(src: string): Part[] {
  let parts = PARSED.get(src);
  if (!parts) {
    parts = new Parser(src).message(false, false);
    PARSED.set(src, parts);
  }
  return parts;
}

function need(args: Args, name: string, src: string): string | number {
  const v = Object.hasOwn(args, name) ? args[name] : undefined;
  if (v === undefined) throw new MessageError(`missing argument "${name}" for "${src}"`);
  return v;
}

function render(parts: readonly Part[], args: Args, ctx: FormatContext, src: string, hash: number | null): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if (p.type === 'hash') out += hash === null ? '#' : ctx.number(hash);
    else if (p.type === 'arg') {
      const v = need(args, p.name, src);
      out += typeof v === 'number' ? ctx.number(v) : v;
    } else if (p.type === 'select') {
      const key = String(need(args, p.name, src));
      out += render(p.cases[key] ?? p.cases.other, args, ctx, src, hash);
    } else {
      const n = need(args, p.name, src);
      if (typeof n !== 'number') throw new MessageError(`plural argument "${p.name}" must be a number in "${src}"`);
      const branch = p.cases[`=${n}`] ?? p.cases[ctx.plural.select(n)] ?? p.cases.other;
      out += render(branch, args, ctx, src, n);
    }
  }
  return out;
}

/** formatMessage fills a message's placeholders from `args`; a missing argument throws MessageError. */
export function formatMessage(src: string, args: Args, ctx: FormatContext): string {
  return render(parseMessage(src), args, ctx, src, null);
}

/** placeholders lists every argument a message reads, nested ones included, with how it reads it. */
export function placeholders(src: string): Map<string, 'arg' | 'plural' | 'select'> {
  const out = new Map<string, 'arg' | 'plural' | 'select'>();
  const walk = (parts: readonly Part[]): void => {
    for (const p of parts) {
      if (typeof p === 'string' || p.type === 'hash') continue;
      if (!out.has(p.name) || p.type !== 'arg') out.set(p.name, p.type);
      if (p.type !== 'arg') for (const c of Object.values(p.cases)) walk(c);
    }
  };
  walk(parseMessage(src));
  return out;
}

/** selectKeys lists, per select argument, the cases a message handles (for the catalogue parity test). */
export function selectKeys(src: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (parts: readonly Part[]): void => {
    for (const p of parts) {
      if (typeof p === 'string' || p.type === 'hash' || p.type === 'arg') continue;
      if (p.type === 'select') out.set(p.name, [...new Set([...(out.get(p.name) ?? []), ...Object.keys(p.cases)])].sort());
      for (const c of Object.values(p.cases)) walk(c);
    }
  };
  walk(parseMessage(src));
  return out;
}
