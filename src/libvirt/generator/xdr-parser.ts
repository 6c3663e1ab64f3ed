/**
 * A parser for the XDR language subset of libvirt's rpcgen files (`.x`):
 * `const`, `enum`, `typedef`, `struct` and `union ... switch`. Comments and
 * `%` passthrough lines are dropped; every definition keeps its source text so
 * a subset of the file can be written back out.
 */

export type XdrTypeRef =
  | { kind: 'int'; unsigned: boolean }
  | { kind: 'hyper'; unsigned: boolean }
  | { kind: 'bool' | 'float' | 'double' | 'void' }
  | { kind: 'string' | 'opaque' }
  | { kind: 'named'; name: string };

export interface XdrDeclaration {
  name: string;
  type: XdrTypeRef;
  /** `*name`: optional data. */
  optional: boolean;
  /** `name<max>` (variable) or `name[size]` (fixed); the bound is a number or a constant's name. */
  array?: { fixed: boolean; bound?: string };
}

export type XdrDefinitionBody = { name: string } & (
  | { kind: 'const'; value: string }
  | { kind: 'enum'; members: { name: string; value: string }[] }
  | { kind: 'typedef'; declaration: XdrDeclaration }
  | { kind: 'struct'; fields: XdrDeclaration[] }
  | {
      kind: 'union';
      discriminant: XdrDeclaration;
      arms: { cases: string[]; declaration: XdrDeclaration | null }[];
      defaultArm?: XdrDeclaration | null;
    }
);

export type XdrDefinition = XdrDefinitionBody & { source: string; file: string };

export class XdrSyntaxError extends Error {}

/** Removes C comments and rpcgen `%` lines, keeping line structure. */
export function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .replace(/\/\/[^\n]*/g, '')
    .replace(/^%[^\n]*/gm, '');
}

interface Token {
  text: string;
  at: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(0x[0-9a-fA-F]+|-?\d+|[A-Za-z_][A-Za-z0-9_]*)|([{}();,=<>[\]*:]))/y;
  let offset = 0;
  while (offset < text.length) {
    if (/^\s*$/.test(text.slice(offset))) break;
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (!match)
      throw new XdrSyntaxError(
        `unexpected text near ${JSON.stringify(text.slice(offset, offset + 30))}`,
      );
    const word = (match[1] ?? match[2]) as string;
    tokens.push({ text: word, at: pattern.lastIndex - word.length });
    offset = pattern.lastIndex;
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly file: string,
  ) {}

  private peek(): string | undefined {
    return this.tokens[this.index]?.text;
  }

  private next(): string {
    const token = this.tokens[this.index++];
    if (!token) throw new XdrSyntaxError(`${this.file}: unexpected end of file`);
    return token.text;
  }

  private expect(text: string): void {
    const got = this.next();
    if (got !== text) throw new XdrSyntaxError(`${this.file}: expected ${text}, got ${got}`);
  }

  definitions(): XdrDefinition[] {
    const result: XdrDefinition[] = [];
    while (this.index < this.tokens.length) {
      const start = (this.tokens[this.index] as Token).at;
      const definition = this.definition();
      this.expect(';');
      const end = (this.tokens[this.index - 1] as Token).at + 1;
      result.push({ ...definition, source: this.text.slice(start, end), file: this.file });
    }
    return result;
  }

  private definition(): XdrDefinitionBody {
    const keyword = this.next();
    switch (keyword) {
      case 'const': {
        const name = this.next();
        this.expect('=');
        return { kind: 'const', name, value: this.next() };
      }
      case 'typedef': {
        const declaration = this.declaration();
        return { kind: 'typedef', name: declaration.name, declaration };
      }
      case 'enum': {
        const name = this.next();
        this.expect('{');
        const members: { name: string; value: string }[] = [];
        while (this.peek() !== '}') {
          const member = this.next();
          this.expect('=');
          members.push({ name: member, value: this.next() });
          if (this.peek() === ',') this.next();
        }
        this.expect('}');
        return { kind: 'enum', name, members };
      }
      case 'struct': {
        const name = this.next();
        this.expect('{');
        const fields: XdrDeclaration[] = [];
        while (this.peek() !== '}') {
          fields.push(this.declaration());
          this.expect(';');
        }
        this.expect('}');
        return { kind: 'struct', name, fields };
      }
      case 'union': {
        const name = this.next();
        this.expect('switch');
        this.expect('(');
        const discriminant = this.declaration();
        this.expect(')');
        this.expect('{');
        const arms: { cases: string[]; declaration: XdrDeclaration | null }[] = [];
        let defaultArm: XdrDeclaration | null | undefined;
        while (this.peek() !== '}') {
          const cases: string[] = [];
          let isDefault = false;
          while (this.peek() === 'case' || this.peek() === 'default') {
            if (this.next() === 'case') cases.push(this.next());
            else isDefault = true;
            this.expect(':');
          }
          const declaration = this.declaration();
          this.expect(';');
          const arm = declaration.type.kind === 'void' ? null : declaration;
          if (isDefault) defaultArm = arm;
          if (cases.length > 0) arms.push({ cases, declaration: arm });
        }
        this.expect('}');
        return {
          kind: 'union',
          name,
          discriminant,
          arms,
          ...(defaultArm === undefined ? {} : { defaultArm }),
        };
      }
      default:
        throw new XdrSyntaxError(`${this.file}: unexpected ${keyword} at the top level`);
    }
  }

  private typeRef(): XdrTypeRef {
    const word = this.next();
    if (word === 'unsigned') {
      const after = this.peek();
      if (after === 'hyper') {
        this.next();
        return { kind: 'hyper', unsigned: true };
      }
      if (after === 'int' || after === 'char' || after === 'short') this.next();
      return { kind: 'int', unsigned: true };
    }
    if (word === 'int' || word === 'char' || word === 'short')
      return { kind: 'int', unsigned: false };
    if (word === 'hyper') return { kind: 'hyper', unsigned: false };
    if (
      word === 'bool' ||
      word === 'float' ||
      word === 'double' ||
      word === 'void' ||
      word === 'string' ||
      word === 'opaque'
    )
      return { kind: word };
    return { kind: 'named', name: word };
  }

  private declaration(): XdrDeclaration {
    const type = this.typeRef();
    if (type.kind === 'void') return { name: '', type, optional: false };
    let optional = false;
    if (this.peek() === '*') {
      this.next();
      optional = true;
    }
    const name = this.next();
    const declaration: XdrDeclaration = { name, type, optional };
    const open = this.peek();
    if (open === '<' || open === '[') {
      this.next();
      const close = open === '<' ? '>' : ']';
      const bound = this.peek() === close ? undefined : this.next();
      this.expect(close);
      declaration.array = { fixed: open === '[', ...(bound === undefined ? {} : { bound }) };
    }
    return declaration;
  }
}

/** Parses one `.x` file's text. */
export function parseXdr(text: string, file: string): XdrDefinition[] {
  const stripped = stripComments(text);
  return new Parser(tokenize(stripped), stripped, file).definitions();
}
