import type { Duplex } from 'node:stream';
import type { CliContext } from './context.js';

/** Ctrl-], as telnet and virsh console use it. */
const ESCAPE = 0x1d;

export interface AttachTerminalOptions {
  /** Printed after "Connected to " (`the serial console of vm0`). */
  what: string;
  /** Printed when the other side goes away (`the console closed (the VM stopped?)`). */
  closed: string;
  /**
   * Piped input ended: `finish` once what was typed has reached the other
   * side (a socket ends its write side; a libvirt stream waits a moment).
   */
  onInputEnd(stream: Duplex, finish: () => void): void;
  /** Lets go of the stream once attached no more (default: destroy it). */
  release?(stream: Duplex): void;
}

/**
 * Joins the terminal to `stream`: its output to stdout, stdin to it, in raw
 * mode on a terminal, where Ctrl-] detaches. Resolves with the exit code: 0
 * when detached or the input ended, 1 when the other side closed, 125 when it failed.
 */
export function attachTerminal(
  context: CliContext,
  stream: Duplex,
  options: AttachTerminalOptions,
): Promise<number> {
  const terminal = process.stdin.isTTY === true;
  context.err(`Connected to ${options.what}${terminal ? '; Ctrl-] to detach' : ''}`);
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number, message?: string) => {
      if (done) return;
      done = true;
      process.stdin.off('data', onInput);
      process.stdin.off('end', onEnd);
      if (terminal) process.stdin.setRawMode(false);
      process.stdin.pause();
      if (options.release) options.release(stream);
      else stream.destroy();
      if (message) context.err(message);
      resolve(code);
    };
    const onInput = (chunk: Buffer) => {
      const at = terminal ? chunk.indexOf(ESCAPE) : -1;
      if (at < 0) {
        stream.write(chunk);
        return;
      }
      if (at > 0) stream.write(chunk.subarray(0, at));
      finish(0, terminal ? '\r\ndetached' : undefined);
    };
    const onEnd = () => options.onInputEnd(stream, () => finish(0));
    const onClosed = () => finish(1, `\r\nqmon: ${options.closed}`);
    stream.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    stream.on('end', onClosed);
    stream.on('close', onClosed);
    stream.on('error', (error) => finish(125, `\r\nqmon: the console failed: ${error.message}`));
    if (terminal) process.stdin.setRawMode(true);
    process.stdin.on('data', onInput);
    process.stdin.on('end', onEnd);
    process.stdin.resume();
  });
}
