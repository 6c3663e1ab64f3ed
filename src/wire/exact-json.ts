/**
 * JSON that keeps every integer exact. QAPI's `int`, `int64`, `uint64` and
 * `size` values go up to 2^64 - 1, but a JS number holds integers exactly only
 * up to 2^53 - 1. An integer literal outside that safe range becomes a
 * `bigint`; every other value is what `JSON.parse` gives, and a `bigint` is
 * written back as a plain JSON integer.
 */

/** `Number.MAX_SAFE_INTEGER` has 16 digits: an integer with fewer is always safe. */
const LONG_DIGIT_RUN = 16;

/**
 * `JSON.parse`, except that integers outside the safe range come back as
 * `bigint`. Text without a run of 16 digits (nearly every message) costs one
 * `JSON.parse` and a probe of every 16th character; the rare rest is parsed a
 * second time, by a small parser that reads integers exactly. Invalid text
 * throws `JSON.parse`'s own SyntaxError either way.
 */
export function parseJson(text: string): unknown {
  const value = JSON.parse(text);
  return hasLongDigitRun(text) ? new ExactParser(text).document() : value;
}

/**
 * `JSON.stringify` (compact, or indented by `indent` spaces), except that a
 * `bigint` is written as a JSON integer instead of throwing. Values without
 * one cost a plain `JSON.stringify`.
 */
export function stringifyJson(value: unknown, indent?: number): string | undefined {
  try {
    return indent ? JSON.stringify(value, null, indent) : JSON.stringify(value);
  } catch (error) {
    // A bigint (or a cycle, which the exact writer reports the same way).
    if (!(error instanceof TypeError)) throw error;
  }
  return writeExact(value, indent ? ' '.repeat(Math.min(indent, 10)) : '');
}

/** True when `text` holds 16 or more ASCII digits in a row (inside strings too). */
export function hasLongDigitRun(text: string): boolean {
  const length = text.length;
  // Every run of 16 covers exactly one index that is 15 modulo 16: probe only
  // those, and measure the run around a probe that hits a digit.
  for (let i = LONG_DIGIT_RUN - 1; i < length; i += LONG_DIGIT_RUN) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= LONG_DIGIT_RUN) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** An open array, or an open object and the key of the member being read. */
type Frame = unknown[] | { object: Record<string, unknown>; key: string };

/**
 * Reads text that `JSON.parse` has already accepted, so it need not check
 * anything. Nesting is kept on an explicit stack, not the call stack, so any
 * depth `JSON.parse` takes is read too.
 */
class ExactParser {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    const { text } = this;
    const stack: Frame[] = [];
    for (;;) {
      this.skipBlanks();
      let value: unknown;
      const c = text.charCodeAt(this.at);
      if (c === 0x7b || c === 0x5b) {
        this.at++;
        this.skipBlanks();
        if (text.charCodeAt(this.at) === c + 2) {
          // `{}` or `[]` (the closers are two code points after the openers)
          this.at++;
          value = c === 0x7b ? {} : [];
        } else {
          stack.push(c === 0x7b ? { object: {}, key: this.key() } : []);
          continue;
        }
      } else value = this.scalar(c);
      // Hand the value to its container; close containers that end here.
      for (;;) {
        const top = stack.at(-1);
        if (top === undefined) return value;
        if (Array.isArray(top)) top.push(value);
        else setMember(top.object, top.key, value);
        this.skipBlanks();
        if (text.charCodeAt(this.at++) === 0x2c) {
          if (!Array.isArray(top)) top.key = this.key();
          break;
        }
        stack.pop();
        value = Array.isArray(top) ? top : top.object;
      }
    }
  }

  private scalar(c: number): unknown {
    switch (c) {
      case 0x22:
        return this.string();
      case 0x74:
        this.at += 4;
        return true;
      case 0x66:
        this.at += 5;
        return false;
      case 0x6e:
        this.at += 4;
        return null;
      default:
        return this.number();
    }
  }

  /** A member's key and the colon after it. */
  private key(): string {
    this.skipBlanks();
    const key = this.string();
    this.skipBlanks();
    this.at++;
    return key;
  }

  private string(): string {
    const { text } = this;
    const start = this.at;
    let end = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(end);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        end += 2;
      } else end++;
    }
    this.at = end + 1;
    return escaped
      ? (JSON.parse(text.slice(start, end + 1)) as string)
      : text.slice(start + 1, end);
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text)!;
    const token = match[0];
    this.at += token.length;
    const number = Number(token);
    if (match[1] !== undefined || match[2] !== undefined || Number.isSafeInteger(number))
      return number;
    return BigInt(token);
  }

  private skipBlanks(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.at++;
    }
  }
}

/** As JSON.parse does: `__proto__` is an own member, not the prototype. */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else object[key] = value;
}

/** `JSON.stringify` written out, with bigints as integers; `step` is the indent per level. */
function writeExact(value: unknown, step: string): string | undefined {
  const stack: object[] = [];
  const write = (value: unknown, key: string, indent: string): string | undefined => {
    if (
      (typeof value === 'object' || typeof value === 'bigint') &&
      value !== null &&
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
    )
      value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean)
      value = value.valueOf();
    switch (typeof value) {
      case 'bigint':
        return value.toString();
      case 'string':
      case 'number':
      case 'boolean':
        return JSON.stringify(value);
      case 'object': {
        if (value === null) return 'null';
        if (stack.includes(value)) throw new TypeError('Converting circular structure to JSON');
        stack.push(value);
        const inner = indent + step;
        const parts: string[] = [];
        const isArray = Array.isArray(value);
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++)
            parts.push(write(value[i], String(i), inner) ?? 'null');
        } else {
          for (const name of Object.keys(value)) {
            const text = write((value as Record<string, unknown>)[name], name, inner);
            if (text !== undefined) parts.push(`${JSON.stringify(name)}:${step ? ' ' : ''}${text}`);
          }
        }
        stack.pop();
        const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
        if (parts.length === 0) return open + close;
        if (!step) return open + parts.join(',') + close;
        return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${indent}${close}`;
      }
      default:
        return undefined;
    }
  };
  return write(value, '', '');
}
