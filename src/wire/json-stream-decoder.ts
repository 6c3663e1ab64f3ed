import { excerptOf, MessageTooLargeError, WireDecodeError } from './errors.js';
import { parseJson } from './exact-json.js';

export interface JsonStreamDecoderOptions {
  /** Largest message kept, in bytes; bigger ones are skipped and reported. Default 64 MiB. */
  maxMessageBytes?: number;
  /** A complete top-level JSON object or array. */
  onValue: (value: unknown) => void;
  /** A 0xFF byte: the partial message, if any, was dropped (QGA's delimiter). */
  onReset?: () => void;
  /** Bytes that were dropped; decoding goes on with the next message. */
  onError?: (error: WireDecodeError) => void;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const RESET = 0xff;
/**
 * Largest chunk tried whole: Node reads sockets 64 KiB at a time, so bigger
 * chunks come only from callers, and then parsing a chunk that turns out not to
 * be one message would waste more than it saves.
 */
const WHOLE_LINE_MAX_BYTES = 64 * 1024;
/**
 * A message that starts this far before the end of a chunk and goes on past it
 * (a big reply arriving in several reads) has its end found with memchr and is
 * parsed whole, instead of being scanned byte by byte; it is scanned after all
 * if it turns out not to be one line of JSON.
 */
const LINE_MODE_MIN_BYTES = 4096;
const CR = 0x0d;

enum State {
  /** Between messages. */
  Idle,
  /** Inside a message, outside strings. */
  Value,
  /** Inside a string of a message. */
  Str,
  /** Just after a backslash inside a string. */
  Escape,
  /** Dropping bytes up to the end of the line. */
  Garbage,
  /** Inside a long message that looks like one line: carrying bytes up to its newline. */
  Line,
}

function textOf(chunk: Uint8Array, start: number, end: number): string {
  return Buffer.from(chunk.buffer, chunk.byteOffset + start, end - start).toString('utf8');
}

const NOT_JSON = Symbol('not JSON');

/** `parseJson`, or NOT_JSON where it throws: for the shortcuts that fall back to scanning. */
function parseOrNot(text: string): unknown {
  try {
    return parseJson(text);
  } catch {
    return NOT_JSON;
  }
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === LF || b === 0x0d || b === 0x09;
}

/**
 * Turns a byte stream into JSON messages, incrementally and without I/O.
 *
 * Message boundaries are found by tracking nesting and strings byte by byte, so
 * each byte is looked at once however the stream is split; the bytes of a
 * message are parsed with `parseJson` (`JSON.parse` keeping integers beyond
 * 2^53 exact, as bigints) once it is complete. It never throws
 * out of `push()`: bad input is reported through `onError` and skipped.
 *
 * Resynchronisation: QEMU never sends a raw newline inside a string, and in
 * its `pretty=on` output nested values are indented, so a raw newline inside a
 * string, or a `{`/`[` at the start of a line inside a message, means the
 * message was cut short; it is reported and the decoder starts afresh there.
 * Any 0xFF byte (never valid in UTF-8) drops the partial message too.
 */
export class JsonStreamDecoder {
  readonly maxMessageBytes: number;
  private readonly onValue: (value: unknown) => void;
  private readonly onReset: () => void;
  private readonly onError: (error: WireDecodeError) => void;

  private state = State.Idle;
  private depth = 0;
  private atLineStart = true;
  /** Stream offset of the first byte of the current message or garbage run. */
  private messageOffset = 0;
  private messageBytes = 0;
  /** Bytes of the current message carried over from earlier chunks (first `messageBytes`). */
  private carry = Buffer.allocUnsafe(4096);
  private oversized = false;
  private consumed = 0;
  /** Set while a line that failed whole is scanned byte by byte. */
  private scanning = false;

  constructor(options: JsonStreamDecoderOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.onValue = options.onValue;
    this.onReset = options.onReset ?? (() => {});
    this.onError = options.onError ?? (() => {});
  }

  /** Bytes pushed so far. */
  get bytesConsumed(): number {
    return this.consumed;
  }

  /** True while a message has been started but not finished. */
  get hasPartialMessage(): boolean {
    return this.state !== State.Idle && this.state !== State.Garbage;
  }

  push(chunk: Uint8Array): void {
    if (this.state === State.Line) {
      this.continueLine(chunk);
      return;
    }
    if (
      chunk.length > 2 &&
      chunk.length <= WHOLE_LINE_MAX_BYTES &&
      this.state === State.Idle &&
      this.pushWholeLine(chunk)
    )
      return;
    this.pushBytes(chunk);
  }

  /** The general road: each byte looked at once, whatever the split. */
  private pushBytes(chunk: Uint8Array): void {
    const base = this.consumed;
    this.consumed += chunk.length;
    const length = chunk.length;
    let start = this.state === State.Idle || this.state === State.Garbage ? -1 : 0;
    let state = this.state;
    let depth = this.depth;
    let atLineStart = this.atLineStart;
    let nextBackslash = -1;
    let nextNewline = -1;
    let nextReset = -1;

    for (let i = 0; i < length; i++) {
      const b = chunk[i]!;
      if (b === RESET) {
        if (state !== State.Idle && state !== State.Garbage) this.dropMessage();
        state = State.Idle;
        depth = 0;
        start = -1;
        atLineStart = true;
        this.onReset();
        continue;
      }
      switch (state) {
        case State.Str:
          if (b === QUOTE) state = State.Value;
          else if (b === BACKSLASH) state = State.Escape;
          else if (b === LF) {
            this.truncated(chunk, start, i, 'raw newline inside a string');
            state = State.Idle;
            depth = 0;
            start = -1;
            atLineStart = true;
          } else {
            // Skip the rest of the string's plain bytes: by hand for short strings,
            // by indexOf (memchr) for long ones such as QGA's base64 file chunks.
            let j = i + 1;
            const shortEnd = Math.min(length, i + 64);
            while (j < shortEnd) {
              const c = chunk[j]!;
              if (c === QUOTE || c === BACKSLASH || c === LF || c === RESET) break;
              j++;
            }
            if (j === shortEnd && j < length) {
              // Positions only move forward, so each cached search scans its bytes once.
              if (nextBackslash < j) nextBackslash = indexOrEnd(chunk, BACKSLASH, j);
              if (nextNewline < j) nextNewline = indexOrEnd(chunk, LF, j);
              if (nextReset < j) nextReset = indexOrEnd(chunk, RESET, j);
              j = Math.min(indexOrEnd(chunk, QUOTE, j), nextBackslash, nextNewline, nextReset);
            }
            i = j - 1;
          }
          continue;
        case State.Escape:
          if (b === LF) {
            this.truncated(chunk, start, i, 'raw newline inside a string');
            state = State.Idle;
            depth = 0;
            start = -1;
            atLineStart = true;
          } else state = State.Str;
          continue;
        case State.Value:
          if (b === QUOTE) state = State.Str;
          else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            if (atLineStart) {
              this.truncated(chunk, start, i, 'message cut short by a new one');
              this.begin(base + i);
              start = i;
              depth = 1;
            } else depth++;
          } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
            if (--depth === 0) {
              this.finish(chunk, start, i + 1);
              state = State.Idle;
              start = -1;
            }
          }
          atLineStart = b === LF;
          continue;
        case State.Idle:
          if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            this.begin(base + i);
            if (this.startsLongLine(chunk, i)) {
              this.keep(chunk, i, length);
              this.state = State.Line;
              this.depth = 0;
              this.atLineStart = false;
              return;
            }
            start = i;
            depth = 1;
            state = State.Value;
            atLineStart = false;
          } else if (!isWhitespace(b)) {
            this.onError(
              new WireDecodeError(
                'garbage',
                base + i,
                excerptOf(lineFrom(chunk, i)),
                'expected a JSON object or array',
              ),
            );
            state = State.Garbage;
          } else atLineStart = b === LF;
          continue;
        case State.Garbage:
          if (b === LF) {
            state = State.Idle;
            atLineStart = true;
          }
          continue;
      }
    }

    this.state = state;
    this.depth = depth;
    this.atLineStart = atLineStart;
    if (start >= 0) {
      const used = this.messageBytes;
      const total = used + length - start;
      if (length - start < 16 && total <= this.carry.length && total <= this.maxMessageBytes) {
        // Fast path for small chunks of a message that started earlier.
        const carry = this.carry;
        for (let k = start; k < length; k++) carry[used + k - start] = chunk[k]!;
        this.messageBytes = total;
      } else this.keep(chunk, start, length);
    }
  }

  private startsLongLine(chunk: Uint8Array, at: number): boolean {
    return (
      !this.scanning &&
      chunk.length - at >= LINE_MODE_MIN_BYTES &&
      chunk.length - at <= this.maxMessageBytes &&
      chunk.indexOf(LF, at) === -1 &&
      chunk.indexOf(RESET, at) === -1
    );
  }

  /** In a long line: carries bytes up to the newline, then parses the line whole. */
  private continueLine(chunk: Uint8Array): void {
    const newline = chunk.indexOf(LF);
    const end = newline === -1 ? chunk.length : newline + 1;
    if (
      chunk.subarray(0, end).indexOf(RESET) !== -1 ||
      this.messageBytes + end > this.maxMessageBytes
    ) {
      this.scanLineAfterAll(chunk);
      return;
    }
    this.consumed += end;
    this.keep(chunk, 0, end);
    if (newline === -1) return;
    const length = this.messageBytes;
    let last = length - 2;
    if (last > 0 && this.carry[last] === CR) last--;
    const closer = this.carry[last];
    const value =
      closer === CLOSE_BRACE || closer === CLOSE_BRACKET
        ? parseOrNot(this.carry.toString('utf8', 0, length))
        : NOT_JSON;
    if (value === NOT_JSON) {
      this.scanLineAfterAll(chunk.subarray(end));
      return;
    }
    this.state = State.Idle;
    this.atLineStart = true;
    this.dropMessage();
    this.deliver(value);
    if (end < chunk.length) this.push(chunk.subarray(end));
  }

  /**
   * The line was not one message of JSON (or held a 0xFF, or grew too big):
   * decodes it from its first byte on the general road after all: the carried
   * bytes, then `chunk`, which follows them.
   */
  private scanLineAfterAll(chunk: Uint8Array): void {
    const carried = Buffer.from(this.carry.subarray(0, this.messageBytes));
    this.consumed = this.messageOffset;
    this.state = State.Idle;
    this.depth = 0;
    this.dropMessage();
    this.scanning = true;
    this.pushBytes(carried);
    this.scanning = false;
    this.push(chunk);
  }

  /** Forgets any partial message, as if the stream started afresh. */
  reset(): void {
    this.state = State.Idle;
    this.depth = 0;
    this.atLineStart = true;
    this.dropMessage();
  }

  private begin(offset: number): void {
    this.messageOffset = offset;
    this.messageBytes = 0;
    this.oversized = false;
  }

  /** Carries `chunk[start, end)` over as part of the current message, within the cap. */
  private keep(chunk: Uint8Array, start: number, end: number): void {
    const count = end - start;
    if (count <= 0) return;
    const used = this.messageBytes;
    this.messageBytes = used + count;
    if (this.oversized) return;
    if (this.messageBytes > this.maxMessageBytes) {
      const head = used > 0 ? this.carry.subarray(0, used) : chunk.subarray(start, end);
      this.onError(
        new MessageTooLargeError(this.messageOffset, excerptOf(head), this.maxMessageBytes),
      );
      this.oversized = true;
      this.shrinkCarry();
      return;
    }
    if (this.messageBytes > this.carry.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(Math.max(this.carry.length * 2, this.messageBytes), this.maxMessageBytes),
      );
      this.carry.copy(grown, 0, 0, used);
      this.carry = grown;
    }
    if (count < 16) {
      // Copying a few bytes by hand is much cheaper than set() for one-byte chunks.
      const carry = this.carry;
      for (let k = 0; k < count; k++) carry[used + k] = chunk[start + k]!;
    } else this.carry.set(chunk.subarray(start, end), used);
  }

  /** Lets a carry buffer grown for one huge message go. */
  private shrinkCarry(): void {
    if (this.carry.length > 1 << 20) this.carry = Buffer.allocUnsafe(4096);
  }

  private finish(chunk: Uint8Array, start: number, end: number): void {
    let text: string;
    if (this.messageBytes === 0 && !this.oversized) {
      if (end - start > this.maxMessageBytes) {
        this.keep(chunk, start, end);
        return;
      }
      text = textOf(chunk, start, end);
    } else {
      this.keep(chunk, start, end);
      if (this.oversized) {
        this.shrinkCarry();
        return;
      }
      text = this.carry.toString('utf8', 0, this.messageBytes);
      this.shrinkCarry();
    }
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (cause) {
      this.onError(
        new WireDecodeError(
          'invalid-json',
          this.messageOffset,
          excerptOf(Buffer.from(text.slice(0, 64))),
          `invalid JSON (${(cause as Error).message})`,
          { cause },
        ),
      );
      return;
    }
    this.deliver(value);
  }

  /**
   * The common case, taken whole: a chunk that is one single-line message and
   * its line end, as QEMU writes each reply. Anything else, including text
   * `JSON.parse` refuses, goes byte by byte; false then.
   */
  private pushWholeLine(chunk: Uint8Array): boolean {
    const length = chunk.length;
    if (
      length > this.maxMessageBytes ||
      chunk[0] !== OPEN_BRACE ||
      chunk[length - 1] !== LF ||
      chunk.indexOf(LF) !== length - 1 ||
      chunk.indexOf(RESET) !== -1
    )
      return false;
    const value = parseOrNot(textOf(chunk, 0, length));
    if (value === NOT_JSON) return false;
    this.consumed += length;
    this.atLineStart = true;
    this.deliver(value);
    return true;
  }

  private deliver(value: unknown): void {
    try {
      this.onValue(value);
    } catch (error) {
      // A consumer's bug must not corrupt the decoder's state: surface it asynchronously.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  /** Reports the current message as cut short and drops it, up to `chunk[end]`. */
  private truncated(chunk: Uint8Array, start: number, end: number, detail: string): void {
    const head =
      this.messageBytes > 0
        ? this.carry.subarray(0, this.messageBytes)
        : chunk.subarray(Math.max(start, 0), end);
    if (!this.oversized)
      this.onError(new WireDecodeError('truncated', this.messageOffset, excerptOf(head), detail));
    this.dropMessage();
  }

  private dropMessage(): void {
    this.messageBytes = 0;
    this.oversized = false;
    this.shrinkCarry();
  }
}

/** The index of `byte` in `chunk` from `from`, or the chunk's length when there is none. */
function indexOrEnd(chunk: Uint8Array, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

function lineFrom(chunk: Uint8Array, from: number): Uint8Array {
  const end = chunk.indexOf(LF, from);
  return chunk.subarray(from, end < 0 ? chunk.length : end);
}
