export interface UpstreamFramerOptions {
  /** Longest message kept, in UTF-16 code units; longer ones are skipped and reported. */
  maxLength: number;
  /** One message exactly as QEMU wrote it, without its final line break. */
  onMessage: (text: string) => void;
  onTooLarge: (length: number) => void;
}

/**
 * Splits QEMU's QMP output into messages without parsing them, so they can be
 * passed on byte for byte. QEMU writes one message per line (`pretty=off`) or,
 * with `pretty=on`, a message whose lines are indented except its first `{`
 * and last `}`; every line ends in CRLF and no raw line break occurs in a string.
 */
export class UpstreamFramer {
  private partialLine = '';
  /** Lines of a `pretty=on` message gathered so far. */
  private pretty: string[] | undefined;
  private prettyLength = 0;
  private skipping = false;

  constructor(private readonly options: UpstreamFramerOptions) {}

  push(chunk: string): void {
    let from = 0;
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', from)) {
      let line = chunk.slice(from, at);
      from = at + 1;
      if (this.partialLine) {
        line = this.partialLine + line;
        this.partialLine = '';
      }
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      this.line(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (from < chunk.length && !this.skipping) {
      this.partialLine += chunk.slice(from);
      if (this.partialLine.length > this.options.maxLength) {
        this.options.onTooLarge(this.partialLine.length);
        this.partialLine = '';
        this.skipping = true;
      }
    }
  }

  private line(line: string): void {
    if (this.pretty) {
      this.pretty.push(line);
      this.prettyLength += line.length + 2;
      if (line === '}') {
        const text = this.pretty.join('\r\n');
        this.pretty = undefined;
        this.options.onMessage(text);
      } else if (this.prettyLength > this.options.maxLength) {
        this.options.onTooLarge(this.prettyLength);
        this.pretty = undefined;
      }
      return;
    }
    if (line === '') return;
    if (line === '{') {
      this.pretty = [line];
      this.prettyLength = 3;
      return;
    }
    this.options.onMessage(line);
  }
}
