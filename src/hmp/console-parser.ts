/**
 * Splits the byte stream of a QEMU human monitor into the banner and the
 * output of each command. Pure: no I/O, fed chunks split anywhere.
 *
 * QEMU's readline redraws the whole line for every byte it receives
 * (`ESC[D` back, the line, `ESC[K`), so the echo of a command line is a run of
 * escape sequences ending with the CRLF the Enter key prints. Since a command
 * line never holds a line feed, the first LF after sending ends the echo; the
 * output then runs until the next `(qemu) ` prompt that starts a line. A prompt
 * after output with no final newline is only taken once the stream goes quiet
 * (see `completeAtLoosePrompt`), so `(qemu) ` inside a line is not mistaken for it.
 */

export const HMP_PROMPT = '(qemu) ';
const PROMPT = Buffer.from(HMP_PROMPT);
const LF = 0x0a;
/** A banner is one short line; this much without a prompt means something else is talking. */
const MAX_BANNER_BYTES = 64 * 1024;
const ESC = String.fromCharCode(0x1b);
const ESCAPE_SEQUENCE = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');

export type HmpParserEvent =
  | { type: 'ready'; banner: string }
  | { type: 'not-hmp'; sample: string }
  | { type: 'output'; text: string };

type State = 'banner' | 'idle' | 'echo' | 'output' | 'failed';

export class HmpConsoleParser {
  private state: State = 'banner';
  private chunks: Buffer[] = [];
  private length = 0;
  /** Bytes that arrived while no command was running (dropped). */
  unsolicitedBytes = 0;

  /** Whether a command was sent and its prompt has not come back yet. */
  get busy(): boolean {
    return this.state === 'echo' || this.state === 'output';
  }

  /** Everything received for the current banner or command so far, as text. */
  received(): string {
    return Buffer.concat(this.chunks, this.length).toString('utf8');
  }

  /** Call after writing a command line and its line feed. */
  commandSent(): void {
    if (this.state !== 'idle') throw new Error(`cannot send a command in state ${this.state}`);
    this.state = 'echo';
  }

  feed(chunk: Buffer): HmpParserEvent[] {
    switch (this.state) {
      case 'banner':
        return this.feedBanner(chunk);
      case 'idle':
        this.unsolicitedBytes += chunk.length;
        return [];
      case 'echo': {
        const end = chunk.indexOf(LF);
        if (end < 0) return [];
        this.state = 'output';
        return end + 1 < chunk.length ? this.feedOutput(chunk.subarray(end + 1)) : [];
      }
      case 'output':
        return this.feedOutput(chunk);
      case 'failed':
        return [];
    }
  }

  private feedBanner(chunk: Buffer): HmpParserEvent[] {
    this.push(chunk);
    const text = this.received();
    if (text.trimStart().startsWith('{') || this.length > MAX_BANNER_BYTES) {
      this.state = 'failed';
      return [{ type: 'not-hmp', sample: text.trim() }];
    }
    if (!this.endsWithPrompt()) return [];
    const banner = clean(text.slice(0, -HMP_PROMPT.length)).trim();
    this.reset('idle');
    return [{ type: 'ready', banner }];
  }

  /** Whether the output so far ends in `(qemu) ` in mid-line: maybe a prompt, maybe output. */
  get endsWithLoosePrompt(): boolean {
    return this.state === 'output' && this.endsWithPrompt();
  }

  /** Ends the running command at a mid-line prompt; for when no more bytes came after it. */
  completeAtLoosePrompt(): HmpParserEvent[] {
    return this.endsWithLoosePrompt ? this.complete() : [];
  }

  private feedOutput(chunk: Buffer): HmpParserEvent[] {
    this.push(chunk);
    if (!this.endsWithPrompt() || !this.promptStartsLine()) return [];
    return this.complete();
  }

  private complete(): HmpParserEvent[] {
    const bytes = Buffer.concat(this.chunks, this.length);
    const text = clean(bytes.subarray(0, bytes.length - PROMPT.length).toString('utf8'));
    this.reset('idle');
    return [{ type: 'output', text }];
  }

  private push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private reset(state: State): void {
    this.state = state;
    this.chunks = [];
    this.length = 0;
  }

  private promptStartsLine(): boolean {
    if (this.length === PROMPT.length) return true;
    let before = this.length - PROMPT.length - 1;
    for (const chunk of this.chunks) {
      if (before < chunk.length) return chunk[before] === LF;
      before -= chunk.length;
    }
    return false;
  }

  /** Checks the last bytes across chunk boundaries without joining the chunks. */
  private endsWithPrompt(): boolean {
    if (this.length < PROMPT.length) return false;
    let chunkIndex = this.chunks.length - 1;
    let offset = this.chunks[chunkIndex]!.length;
    for (let i = PROMPT.length - 1; i >= 0; i--) {
      while (offset === 0) {
        chunkIndex--;
        offset = this.chunks[chunkIndex]!.length;
      }
      offset--;
      if (this.chunks[chunkIndex]![offset] !== PROMPT[i]) return false;
    }
    return true;
  }
}

/** CRLF to LF, and no terminal escape sequences. */
function clean(text: string): string {
  const plain = text.includes(ESC) ? text.replace(ESCAPE_SEQUENCE, '') : text;
  return plain.replace(/\r\n/g, '\n');
}
