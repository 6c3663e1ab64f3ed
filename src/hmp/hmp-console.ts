import type { Duplex } from 'node:stream';
import { isHmpErrorOutput } from '../qmp/hmp-error-text.js';
import { openStream } from '../transport/open-stream.js';
import type { Target } from '../transport/target.js';
import { HmpConsoleParser, type HmpParserEvent } from './console-parser.js';
import {
  CommandAbortedError,
  CommandTimeoutError,
  DisconnectedError,
  HmpCommandError,
  InvalidCommandLineError,
  NoPromptError,
  NotHmpError,
} from './errors.js';

export const DEFAULT_PROMPT_TIMEOUT_MS = 5_000;
export const DEFAULT_HMP_COMMAND_TIMEOUT_MS = 30_000;
/** QEMU's readline keeps 4096 bytes with the terminating NUL and silently drops the rest. */
export const MAX_HMP_COMMAND_BYTES = 4095;
/** Quiet time after output that ends in a mid-line `(qemu) ` before taking it as the prompt. */
const LOOSE_PROMPT_QUIET_MS = 50;

export interface HmpConnectOptions {
  /** Milliseconds to open the socket and then to get the first `(qemu) ` prompt, each (5 s). */
  timeout?: number;
  signal?: AbortSignal;
  /** How to name a Duplex target in errors. */
  name?: string;
}

export interface HmpRunOptions {
  /** Milliseconds from the call to the prompt that ends the output, queueing included (30 s). */
  timeout?: number;
  signal?: AbortSignal;
  /** Return the output even when it is an HMP error line, instead of throwing HmpCommandError. */
  allowErrorOutput?: boolean;
}

interface Job {
  commandLine: string;
  options: HmpRunOptions;
  settled: boolean;
  resolve(text: string): void;
  reject(error: Error): void;
  cleanup(): void;
}

/**
 * A QEMU human monitor (`-monitor unix:...`, `tcp:...` or `stdio`): reads the
 * banner, then runs command lines one at a time and returns exactly their
 * output (no echo, no prompt, no escape sequences, LF line ends).
 */
export class HmpConsole {
  private readonly queue: Job[] = [];
  /** The job whose command was written and whose prompt has not come back. */
  private active: Job | undefined;
  private closeReason: DisconnectedError | undefined;
  private readonly closed_: Promise<DisconnectedError>;
  private markClosed!: (reason: DisconnectedError) => void;
  private loosePromptTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly stream: Duplex,
    private readonly parser: HmpConsoleParser,
    /** The banner line, e.g. `QEMU 7.2.22 monitor - type 'help' for more information`. */
    readonly banner: string,
    readonly name: string,
  ) {
    this.closed_ = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    stream.on('data', (chunk: Buffer) => {
      clearTimeout(this.loosePromptTimer);
      this.handle(parser.feed(chunk));
      if (parser.endsWithLoosePrompt) {
        this.loosePromptTimer = setTimeout(
          () => this.handle(parser.completeAtLoosePrompt()),
          LOOSE_PROMPT_QUIET_MS,
        );
      }
    });
    stream.resume();
    stream.on('error', (error) => this.shutDown(new DisconnectedError(undefined, error)));
    stream.on('close', () => this.shutDown(new DisconnectedError(undefined)));
    stream.on('end', () => this.shutDown(new DisconnectedError(undefined)));
  }

  /** Connects to a human monitor: a socket path, `unix:PATH`, `tcp:HOST:PORT`, or an open Duplex. */
  static async connect(
    target: string | Target | Duplex,
    options: HmpConnectOptions = {},
  ): Promise<HmpConsole> {
    const timeoutMs = options.timeout ?? DEFAULT_PROMPT_TIMEOUT_MS;
    const { stream, name } = await openStream(target, {
      timeout: timeoutMs,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const parser = new HmpConsoleParser();
    try {
      const banner = await waitForPrompt(stream, parser, name, timeoutMs, options.signal);
      return new HmpConsole(stream, parser, banner, name);
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  /** QEMU's version from the banner (`7.2.22`), if the banner names one. */
  get version(): string | undefined {
    return /^QEMU (\S+) monitor/.exec(this.banner)?.[1];
  }

  get isClosed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Settles with the reason once the connection is gone. */
  get closed(): Promise<DisconnectedError> {
    return this.closed_;
  }

  /**
   * Runs one command line and resolves with its output. Commands run one at a
   * time in call order. `quit` resolves with whatever QEMU printed once it exits.
   */
  run(commandLine: string, options: HmpRunOptions = {}): Promise<string> {
    const problem = commandLineProblem(commandLine);
    if (problem) return Promise.reject(new InvalidCommandLineError(commandLine, problem));
    if (this.closeReason) return Promise.reject(new DisconnectedError(commandLine));
    return new Promise<string>((resolve, reject) => {
      const timeoutMs = options.timeout ?? DEFAULT_HMP_COMMAND_TIMEOUT_MS;
      const { signal } = options;
      const settle = (error: Error | undefined, text = '') => {
        if (job.settled) return;
        job.settled = true;
        job.cleanup();
        const index = this.queue.indexOf(job);
        if (index >= 0) this.queue.splice(index, 1);
        if (error) reject(error);
        else resolve(text);
      };
      const onAbort = () => settle(new CommandAbortedError(commandLine, signal?.reason));
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => settle(new CommandTimeoutError(commandLine, timeoutMs)), timeoutMs)
        : undefined;
      const job: Job = {
        commandLine,
        options,
        settled: false,
        resolve: (text) => settle(undefined, text),
        reject: (error) => settle(error),
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Closes the connection; queued and running commands reject with DisconnectedError. */
  async close(): Promise<void> {
    if (!this.closeReason) {
      this.shutDown(new DisconnectedError(undefined));
      this.stream.destroy();
    }
    await this.closed_;
  }

  private pump(): void {
    if (this.active || this.closeReason) return;
    const job = this.queue.shift();
    if (!job) return;
    this.active = job;
    this.parser.commandSent();
    this.stream.write(`${job.commandLine}\n`);
  }

  private handle(events: HmpParserEvent[]): void {
    for (const event of events) {
      if (event.type !== 'output') continue;
      const job = this.active;
      this.active = undefined;
      // A job that timed out or was aborted after sending still owns its output: drop it.
      if (job && !job.settled) {
        if (!job.options.allowErrorOutput && isHmpErrorOutput(job.commandLine, event.text)) {
          job.reject(new HmpCommandError(job.commandLine, event.text));
        } else {
          job.resolve(event.text);
        }
      }
    }
    this.pump();
  }

  private shutDown(reason: DisconnectedError): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    clearTimeout(this.loosePromptTimer);
    const active = this.active;
    this.active = undefined;
    if (active && !active.settled) {
      if (isQuit(active.commandLine)) active.resolve(this.parser.received().replace(/\r\n/g, '\n'));
      else active.reject(new DisconnectedError(active.commandLine, reason.cause));
    }
    for (const job of [...this.queue]) job.reject(new DisconnectedError(job.commandLine));
    this.stream.destroy();
    this.markClosed(reason);
  }
}

function isQuit(commandLine: string): boolean {
  return /^\s*(quit|q)\s*$/.test(commandLine);
}

function commandLineProblem(commandLine: string): string | undefined {
  // Readline acts on control bytes (Tab completes, DEL erases, ESC starts a key sequence, CR/LF run the line).
  if ([...commandLine].some((char) => char < ' ' || char === '\x7f')) {
    return 'control characters (line breaks, tabs, escapes) cannot be typed into the monitor';
  }
  if (Buffer.byteLength(commandLine) > MAX_HMP_COMMAND_BYTES) {
    return `longer than the monitor's ${MAX_HMP_COMMAND_BYTES}-byte line buffer`;
  }
  return undefined;
}

function waitForPrompt(
  stream: Duplex,
  parser: HmpConsoleParser,
  name: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | undefined, banner = '') => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      // Paused until the console attaches its own listener, so no byte is lost in between.
      stream.pause();
      stream.off('error', onClose);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve(banner);
    };
    const onData = (chunk: Buffer) => {
      for (const event of parser.feed(chunk)) {
        if (event.type === 'not-hmp') done(new NotHmpError(name, event.sample));
        if (event.type === 'ready') done(undefined, event.banner);
      }
    };
    const onClose = (error?: Error) => done(new DisconnectedError('connect', error));
    const onAbort = () => done(new DisconnectedError('connect', signal?.reason));
    const timer = setTimeout(() => {
      const sample = parser.received();
      done(sample.trim() ? new NotHmpError(name, sample) : new NoPromptError(name, timeoutMs));
    }, timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('error', onClose);
    stream.once('close', onClose);
  });
}
