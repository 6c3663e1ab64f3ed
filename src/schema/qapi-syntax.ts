import { QmonError } from '../errors.js';
/**
 * The QAPI schema language at the lexical level: a file is a sequence of
 * top-level objects written with Python-like literals (single-quoted strings,
 * `{}` dicts, `[]` lists, `true`/`false`) and `#` comments, which include the
 * `##` documentation blocks (skipped here).
 */

export type QapiValue = string | boolean | QapiValue[] | QapiDict;

/** Keys keep their source order; a `Map` also keeps numeric-looking keys where they were. */
export type QapiDict = Map<string, QapiValue>;

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface ParsedExpression {
  readonly value: QapiDict;
  readonly location: SourceLocation;
}

/** A QAPI schema file that does not parse or does not make sense. */
export class QapiSchemaError extends QmonError {
  readonly location: SourceLocation | undefined;

  constructor(message: string, location?: SourceLocation) {
    super(
      'QAPI_SCHEMA_INVALID',
      location ? `${location.file}:${location.line}: ${message}` : message,
    );
    this.location = location;
  }
}

const keywords: ReadonlyArray<readonly [string, boolean]> = [
  ['true', true],
  ['false', false],
  ['True', true],
  ['False', false],
];

class QapiTokenizer {
  private position = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  location(): SourceLocation {
    return { file: this.file, line: this.line };
  }

  fail(message: string): never {
    throw new QapiSchemaError(message, this.location());
  }

  /** Skips blanks and comments; returns the next significant character, or undefined at the end. */
  peek(): string | undefined {
    while (this.position < this.text.length) {
      const char = this.text[this.position]!;
      if (char === '#') {
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end;
      } else if (char === '\n') {
        this.line += 1;
        this.position += 1;
      } else if (char === ' ' || char === '\t' || char === '\r' || char === '\f') {
        this.position += 1;
      } else {
        return char;
      }
    }
    return undefined;
  }

  expect(char: string): void {
    const next = this.peek();
    if (next !== char) this.fail(`expected '${char}' but found ${describe(next)}`);
    this.position += 1;
  }

  skip(char: string): boolean {
    if (this.peek() !== char) return false;
    this.position += 1;
    return true;
  }

  readString(): string {
    this.expect("'");
    let value = '';
    for (;;) {
      const char = this.text[this.position];
      this.position += 1;
      if (char === undefined || char === '\n') this.fail('missing terminating quote');
      if (char === "'") return value;
      if (char === '\\') {
        // Like QEMU's own parser: the only escape is a backslash itself.
        const escaped = this.text[this.position];
        if (escaped !== '\\') this.fail(`unknown escape \\${escaped ?? ''}`);
        this.position += 1;
        value += '\\';
      } else {
        value += char;
      }
    }
  }

  readKeyword(): boolean {
    for (const [word, value] of keywords) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    const stray = /^[^[\]{}:,\s'"]+/.exec(this.text.slice(this.position))?.[0] ?? '';
    return this.fail(`stray '${stray || this.text[this.position]}'`);
  }
}

function describe(char: string | undefined): string {
  return char === undefined ? 'end of file' : `'${char}'`;
}

function parseValue(tokens: QapiTokenizer): QapiValue {
  const next = tokens.peek();
  if (next === '{') return parseDict(tokens);
  if (next === '[') return parseList(tokens);
  if (next === "'") return tokens.readString();
  if (next === undefined) return tokens.fail('unexpected end of file');
  return tokens.readKeyword();
}

function parseDict(tokens: QapiTokenizer): QapiDict {
  tokens.expect('{');
  const dict: QapiDict = new Map();
  if (tokens.skip('}')) return dict;
  do {
    if (tokens.peek() !== "'") tokens.fail('expected a quoted key');
    const key = tokens.readString();
    if (dict.has(key)) tokens.fail(`duplicate key '${key}'`);
    tokens.expect(':');
    dict.set(key, parseValue(tokens));
  } while (tokens.skip(','));
  tokens.expect('}');
  return dict;
}

function parseList(tokens: QapiTokenizer): QapiValue[] {
  tokens.expect('[');
  const list: QapiValue[] = [];
  if (tokens.skip(']')) return list;
  do {
    list.push(parseValue(tokens));
  } while (tokens.skip(','));
  tokens.expect(']');
  return list;
}

/** Parses one schema file's text into its top-level expressions (each must be a dict). */
export function parseQapiText(text: string, file: string): ParsedExpression[] {
  const tokens = new QapiTokenizer(text, file);
  const expressions: ParsedExpression[] = [];
  while (tokens.peek() !== undefined) {
    const location = tokens.location();
    const value = parseValue(tokens);
    if (!(value instanceof Map)) {
      throw new QapiSchemaError('a top-level expression must be an object', location);
    }
    expressions.push({ value, location });
  }
  return expressions;
}
