import type { Socket } from 'node:net';
import { Fifo } from '../session/fifo.js';
import type { CommandBackend, ReplySlot } from './backend.js';
import {
  ClientConnection,
  type ClientHooks,
  type ClientLimits,
  type ListenerInfo,
} from './client-connection.js';
import { hmpCommandWord, refuseHmp } from './policy.js';

export const HMP_PROMPT = '(qemu) ';

/** Cursor keys and other terminal escape sequences a line editor would act on. */
const ESCAPE_SEQUENCE = new RegExp(
  `${String.fromCharCode(0x1b)}(?:\\[[0-9;?]*[ -/]*[@-~]|O.|.)`,
  'g',
);

/**
 * One HMP console client: QEMU's banner and `(qemu) ` prompt, each line echoed
 * and run through `human-monitor-command` on the shared connection, one at a
 * time. Line editing is what `nc` and `socat` need: whole lines, backspace, and
 * terminal escape sequences ignored.
 */
export class HmpDownstream extends ClientConnection {
  private partial = '';
  private readonly lines = new Fifo<string>();
  private running: ReplySlot | undefined;
  private lastWasCr = false;
  private stopped = false;

  constructor(
    socket: Socket,
    id: string,
    listener: ListenerInfo,
    limits: ClientLimits,
    hooks: ClientHooks,
    private readonly backend: CommandBackend,
  ) {
    super(socket, id, listener, limits, hooks);
  }

  /** Prints the banner and the first prompt, then reads lines. */
  start(version: string): void {
    this.write(`QEMU ${version} monitor - type 'help' for more information\r\n${HMP_PROMPT}`);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.input(chunk));
  }

  resolve(slot: ReplySlot, text: string, isError: boolean): void {
    if (slot !== this.running || this.isGone) return;
    slot.text = text;
    this.running = undefined;
    this.logTraffic('<--', text);
    let output: string;
    try {
      const reply = JSON.parse(text) as { return?: unknown; error?: { desc?: string } };
      output = isError
        ? `Error: ${reply.error?.desc ?? 'unknown error'}\r\n`
        : String(reply.return ?? '');
    } catch {
      output = `Error: ${text}\r\n`;
    }
    if (isError) this.stats.errors++;
    this.write(`${output}${HMP_PROMPT}`);
    this.runNext();
    this.finishIfDone();
  }

  sendEvent(): void {
    // HMP shows no QMP events.
  }

  abort(desc: string): void {
    if (this.isGone) return;
    this.lines.drain();
    if (this.running) {
      this.running.text = '';
      this.running = undefined;
    }
    this.write(`Error: ${desc}\r\n`);
    this.end(desc);
  }

  protected pendingCount(): number {
    return this.lines.length + (this.running ? 1 : 0);
  }

  protected dropPending(): void {
    this.lines.drain();
    this.running = undefined;
    this.stopped = true;
  }

  private input(chunk: string): void {
    if (this.stopped) return;
    for (const c of chunk) {
      if (c === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = c === '\r';
      if (c === '\r' || c === '\n') {
        this.lines.push(this.partial.replace(ESCAPE_SEQUENCE, ''));
        this.partial = '';
      } else if (c === '\x7f' || c === '\b') {
        this.partial = this.partial.slice(0, -1);
      } else {
        this.partial += c;
        if (this.partial.length > this.limits.maxCommandLength) {
          this.partial = '';
          this.cutOff(
            '\r\nError: line too long\r\n',
            `a line longer than ${this.limits.maxCommandLength} characters`,
          );
          return;
        }
      }
    }
    if (!this.running) this.runNext();
    this.updateFlow();
  }

  private runNext(): void {
    while (!this.running && this.lines.length > 0) {
      const line = this.lines.shift()!.trim();
      this.write(`${line}\r\n`);
      if (line === '') {
        this.write(HMP_PROMPT);
        continue;
      }
      this.stats.commands++;
      const refused = refuseHmp(this.listener.policy, line);
      if (refused) {
        this.stats.errors++;
        this.write(
          `Error: ${hmpCommandWord(line)} is not allowed on this qmon mux listener (policy: ${refused})\r\n${HMP_PROMPT}`,
        );
        continue;
      }
      const argsText = `{"command-line":${JSON.stringify(line)}}`;
      const slot: ReplySlot = {
        idText: undefined,
        command: 'human-monitor-command',
        oob: false,
        text: undefined,
      };
      this.running = slot;
      this.logTraffic('-->', `{"execute": "human-monitor-command", "arguments": ${argsText}}`);
      this.backend.submit(
        this,
        {
          command: 'human-monitor-command',
          oob: false,
          argsText,
          args: { 'command-line': line },
          idText: undefined,
        },
        slot,
      );
    }
  }
}
