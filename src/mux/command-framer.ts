import { QEMU_MAX_NESTING } from '../wire/qemu-json-limits.js';

export interface CommandFramerOptions {
  /** Longest message or token accepted, in UTF-16 code units. */
  maxLength: number;
  /** The text of one complete top-level object or array (may be invalid JSON inside). */
  onMessage: (text: string, hasSingleQuotes: boolean) => void;
  /** Input QEMU would answer with an error: the error's `desc`, worded as QEMU words it. */
  onError: (desc: string) => void;
  /** A message or token grew past `maxLength`; nothing more is read after this. */
  onTooLarge: () => void;
}

const NOT_AN_OBJECT = 'QMP input must be a JSON object';

enum State {
  Idle,
  /** Inside `{...}` or `[...]`. */
  Value,
  /** A string at top level (valid JSON, but not an object). */
  TopString,
  /** A bare word or number at top level. */
  Word,
  /** After a stray character: skipping to the next blank. */
  Recover,
  /** After a nesting error: skipping to the end of the line. */
  SkipLine,
  /** Cut off: nothing more is read. */
  Dead,
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x2e
  );
}

/**
 * Splits what a client writes into messages the way QEMU's JSON streamer does:
 * a message is a balanced `{...}` or `[...]` (strings in double or single
 * quotes, any line layout); a bare word, number or string at top level is a
 * complete value that is not a command. Pure and incremental: chunks may split
 * anywhere.
 */
export class CommandFramer {
  private state = State.Idle;
  private depth = 0;
  /** 0 outside strings, else the quote character that opened the string. */
  private quote = 0;
  private escaped = false;
  private singleQuotes = false;
  /** Text of the current message or token carried over from earlier chunks. */
  private carry = '';

  constructor(private readonly options: CommandFramerOptions) {}

  push(chunk: string): void {
    let start = this.hasPartial ? 0 : -1;
    const length = chunk.length;
    for (let i = 0; i < length && this.state !== State.Dead; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.Idle:
          this.begin(c, chunk, i);
          start = this.hasPartial ? i : -1;
          continue;
        case State.Value:
          if (this.quote !== 0) {
            if (this.escaped) this.escaped = false;
            else if (c === 0x5c) this.escaped = true;
            else if (c === this.quote) this.quote = 0;
            else if (c < 0x20) {
              this.strayInString(chunk, start, i);
              start = -1;
            }
            continue;
          }
          if (c === 0x22 || c === 0x27) {
            this.quote = c;
            if (c === 0x27) this.singleQuotes = true;
          } else if (c === 0x7b || c === 0x5b) {
            if (++this.depth > QEMU_MAX_NESTING) {
              this.options.onError('JSON nesting depth limit exceeded');
              this.reset(State.SkipLine);
              start = -1;
            }
          } else if (c === 0x7d || c === 0x5d) {
            if (--this.depth === 0) {
              const text = this.carry + chunk.slice(start, i + 1);
              const singleQuotes = this.singleQuotes;
              this.reset(State.Idle);
              start = -1;
              if (text.length > this.options.maxLength) {
                this.reset(State.Dead);
                this.options.onTooLarge();
              } else this.options.onMessage(text, singleQuotes);
            }
          }
          continue;
        case State.TopString:
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === this.quote) {
            this.options.onError(NOT_AN_OBJECT);
            this.reset(State.Idle);
            start = -1;
          } else if (c < 0x20) {
            this.strayInString(chunk, start, i);
            start = -1;
          }
          continue;
        case State.Word:
          if (isWordChar(c)) continue;
          this.endWord(this.carry + chunk.slice(start, i));
          start = -1;
          i--;
          continue;
        case State.Recover:
          if (isBlank(c)) this.state = State.Idle;
          continue;
        case State.SkipLine:
          if (c === 0x0a) this.state = State.Idle;
          continue;
      }
    }
    if (start >= 0 && this.state !== State.Dead) {
      this.carry += chunk.slice(start);
      if (this.carry.length > this.options.maxLength) {
        this.reset(State.Dead);
        this.options.onTooLarge();
      }
    }
  }

  /** True while a message or token has started but not ended. */
  get hasPartial(): boolean {
    return (
      this.state === State.Value || this.state === State.TopString || this.state === State.Word
    );
  }

  /** Stops reading for good (the connection is being closed). */
  stop(): void {
    this.reset(State.Dead);
  }

  private begin(c: number, chunk: string, i: number): void {
    if (isBlank(c)) return;
    if (c === 0x7b || c === 0x5b) {
      this.state = State.Value;
      this.depth = 1;
    } else if (c === 0x7d || c === 0x5d) {
      this.options.onError('JSON parse error, expecting value');
    } else if (c === 0x22 || c === 0x27) {
      this.state = State.TopString;
      this.quote = c;
    } else if (isWordChar(c)) {
      this.state = State.Word;
    } else {
      this.options.onError(
        `JSON parse error, stray '${String.fromCodePoint(chunk.codePointAt(i)!)}'`,
      );
      this.state = State.Recover;
    }
  }

  private endWord(word: string): void {
    this.reset(State.Idle);
    // QEMU lexes letters and numbers as separate tokens: report each the way it does.
    for (const token of word.match(/[A-Za-z]+|[^A-Za-z]+/g) ?? []) {
      if (/^[A-Za-z]/.test(token) && token !== 'true' && token !== 'false' && token !== 'null')
        this.options.onError(`JSON parse error, invalid keyword '${token}'`);
      else this.options.onError(NOT_AN_OBJECT);
    }
  }

  /** A control character inside a string: QEMU's lexer reports the string so far and starts afresh. */
  private strayInString(chunk: string, start: number, i: number): void {
    const text = this.carry + chunk.slice(start, i + 1);
    const stringStart = lastQuoteBefore(text, this.quote);
    this.reset(State.Idle);
    this.options.onError(`JSON parse error, stray '${text.slice(stringStart)}'`);
  }

  private reset(state: State): void {
    this.state = state;
    this.depth = 0;
    this.quote = 0;
    this.escaped = false;
    this.singleQuotes = false;
    this.carry = '';
  }
}

function lastQuoteBefore(text: string, quote: number): number {
  const at = text.lastIndexOf(String.fromCharCode(quote), text.length - 2);
  return at < 0 ? 0 : at;
}
