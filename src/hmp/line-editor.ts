/** READLINE_CMD_BUF_SIZE: QEMU's HMP line buffer holds at most this many bytes. */
export const HMP_MAX_LINE_BYTES = 4095;
/** READLINE_MAX_CMDS: lines kept in the history. */
const HISTORY_SIZE = 64;

enum Escape {
  None,
  Esc,
  Csi,
  Ss3,
}

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * QEMU 7.2's HMP line editor (util/readline.c, readline_handle_byte) applied to
 * the bytes a client sends, so the line judged and run is the line QEMU's own
 * monitor would run: Ctrl-A/E and Home/End move, backspace, DEL, Ctrl-D and
 * `ESC [ 3 ~` delete, Ctrl-W deletes a word, cursor keys move and recall
 * history, other control bytes are ignored (Ctrl-U too, as in QEMU), and
 * CR or LF ends the line. Tab completion and Ctrl-L are not offered. Pure: no
 * I/O, a fixed-size buffer, bytes split anywhere.
 */
export class HmpLineEditor {
  private readonly buffer = Buffer.alloc(HMP_MAX_LINE_BYTES);
  private size = 0;
  private cursor = 0;
  private escape = Escape.None;
  private escapeParam = 0;
  private readonly history: string[] = [];
  /** Index of the history entry being edited, or -1. */
  private historyEntry = -1;

  /**
   * @param onLine a line was entered, as UTF-8 text, and the byte that ended it (CR or LF)
   * @param onOverflow a byte was typed into a full buffer (QEMU drops it)
   */
  constructor(
    private readonly onLine: (line: string, end: 0x0d | 0x0a) => void,
    private readonly onOverflow: () => void = () => {},
  ) {}

  push(bytes: Uint8Array): void {
    for (const byte of bytes) this.byte(byte);
  }

  private byte(c: number): void {
    switch (this.escape) {
      case Escape.None:
        this.plain(c);
        return;
      case Escape.Esc:
        this.escape = c === 0x5b ? Escape.Csi : c === 0x4f ? Escape.Ss3 : Escape.None;
        if (this.escape !== Escape.None) this.escapeParam = 0;
        return;
      case Escape.Csi:
        if (c >= 0x30 && c <= 0x39) {
          this.escapeParam = this.escapeParam * 10 + (c - 0x30);
          return;
        }
        this.csi(c);
        this.escape = Escape.None;
        return;
      case Escape.Ss3:
        if (c === 0x46) this.cursor = this.size;
        else if (c === 0x48) this.cursor = 0;
        this.escape = Escape.None;
        return;
    }
  }

  private plain(c: number): void {
    switch (c) {
      case 1:
        this.cursor = 0;
        return;
      case 4:
        this.deleteChar();
        return;
      case 5:
        this.cursor = this.size;
        return;
      case 10:
      case 13:
        this.enter(c);
        return;
      case 23:
        this.deleteWord();
        return;
      case 27:
        this.escape = Escape.Esc;
        return;
      case 127:
      case 8:
        if (this.cursor > 0) {
          this.cursor--;
          this.deleteChar();
        }
        return;
      case 155:
        // A one-byte CSI; QEMU leaves the parameter as it was.
        this.escape = Escape.Csi;
        return;
      default:
        if (c >= 32) this.insert(c);
    }
  }

  private csi(c: number): void {
    switch (c) {
      case 0x41: // A
      case 0x46: // F
        this.historyUp();
        return;
      case 0x42: // B
      case 0x45: // E
        this.historyDown();
        return;
      case 0x44: // D
        if (this.cursor > 0) this.cursor--;
        return;
      case 0x43: // C
        if (this.cursor < this.size) this.cursor++;
        return;
      case 0x7e: // ~
        if (this.escapeParam === 1) this.cursor = 0;
        else if (this.escapeParam === 3) this.deleteChar();
        else if (this.escapeParam === 4) this.cursor = this.size;
        return;
    }
  }

  private insert(c: number): void {
    if (this.size >= HMP_MAX_LINE_BYTES) {
      this.onOverflow();
      return;
    }
    this.buffer.copyWithin(this.cursor + 1, this.cursor, this.size);
    this.buffer[this.cursor] = c;
    this.size++;
    this.cursor++;
  }

  private deleteChar(): void {
    if (this.cursor >= this.size) return;
    this.buffer.copyWithin(this.cursor, this.cursor + 1, this.size);
    this.size--;
  }

  private deleteWord(): void {
    if (this.cursor === 0 || this.cursor > this.size) return;
    let start = this.cursor - 1;
    while (start > 0 && isSpace(this.buffer[start]!)) start--;
    while (start > 0) {
      if (isSpace(this.buffer[start]!)) {
        start++;
        break;
      }
      start--;
    }
    if (start < this.cursor) {
      this.buffer.copyWithin(start, this.cursor, this.size);
      this.size -= this.cursor - start;
      this.cursor = start;
    }
  }

  private enter(end: 0x0d | 0x0a): void {
    const line = this.buffer.toString('utf8', 0, this.size);
    this.addHistory(line);
    this.size = 0;
    this.cursor = 0;
    // The prompt shown after the command resets the escape state (readline_show_prompt).
    this.escape = Escape.None;
    this.onLine(line, end);
  }

  private setLine(text: string): void {
    this.size = this.buffer.write(text, 0, 'utf8');
    this.cursor = this.size;
  }

  private historyUp(): void {
    if (this.historyEntry === 0) return;
    if (this.historyEntry === -1) this.historyEntry = this.history.length;
    this.historyEntry--;
    if (this.historyEntry >= 0) this.setLine(this.history[this.historyEntry]!);
  }

  private historyDown(): void {
    if (this.historyEntry === -1) return;
    if (this.historyEntry < HISTORY_SIZE - 1 && this.historyEntry + 1 < this.history.length) {
      this.historyEntry++;
      this.setLine(this.history[this.historyEntry]!);
    } else {
      this.historyEntry = -1;
      this.setLine('');
    }
  }

  /** readline_hist_add: a repeated line moves to the end; the oldest goes when full. */
  private addHistory(line: string): void {
    if (line === '') return;
    const at = this.history.indexOf(line);
    if (at >= 0) {
      if (at === HISTORY_SIZE - 1) return;
      this.history.splice(at, 1);
    } else if (this.history.length === HISTORY_SIZE) this.history.shift();
    this.history.push(line);
    this.historyEntry = -1;
  }
}
