import { formatBytes } from './format-table.js';

const REDRAW_MS = 100;

/**
 * A one-line byte-count progress bar redrawn in place on a terminal:
 * `label [#####-----]  45%  4.5 MiB / 10.0 MiB  2.3 MiB/s`.
 */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  update(bytes: number, total: number | undefined, force = false): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const rate = bytes / Math.max((now - this.started) / 1000, 0.001);
    const counts = `${formatBytes(bytes)}${total === undefined ? '' : ` / ${formatBytes(total)}`}  ${formatBytes(Math.round(rate))}/s`;
    let line = `${this.label}  ${counts}`;
    if (total !== undefined) {
      const fraction = total > 0 ? Math.min(1, bytes / total) : 1;
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
      const room = (this.stream.columns || 80) - this.label.length - counts.length - 12;
      const width = Math.max(10, Math.min(40, room));
      const filled = Math.round(fraction * width);
      line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}  ${counts}`;
    }
    this.stream.write(`\r${line}\x1b[K`);
  }

  /** Draws the final state and ends the line. */
  finish(bytes: number, total: number | undefined): void {
    this.update(bytes, total, true);
    this.stream.write('\n');
  }

  /** Clears the line (on failure), so an error message starts clean. */
  clear(): void {
    this.stream.write('\r\x1b[K');
  }
}

/** A bar on stderr when it is a terminal; none otherwise. */
export function progressBarOnTerminal(label: string): ProgressBar | undefined {
  return process.stderr.isTTY ? new ProgressBar(process.stderr, label) : undefined;
}
