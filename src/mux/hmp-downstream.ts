import type { Socket } from 'node:net';
import { parseHmpCommandName } from '../hmp/command-line.js';
import { HMP_MAX_LINE_BYTES, HmpLineEditor } from '../hmp/line-editor.js';
import { Fifo } from '../session/fifo.js';
import type { CommandBackend, ReplySlot } from './backend.js';
import {
  ClientConnection,
  type ClientHooks,
  type ClientLimits,
  type ListenerInfo,
} from './client-connection.js';
import { refuseHmp } from './policy.js';

export const HMP_PROMPT = '(qemu) ';

/**
 * One HMP console client: QEMU's banner and `(qemu) ` prompt, each line echoed
 * and run through `human-monitor-command` on the shared connection, one at a
 * time. Lines are edited as QEMU's own monitor edits them (HmpLineEditor), so
 * the policy judges, and QEMU runs, the line QEMU's console would have run.
 */
export class HmpDownstream extends ClientConnection {
  private readonly editor: HmpLineEditor;
  private readonly lines = new Fifo<string>();
  private running: ReplySlot | undefined;
  private lastWasCr = false;
  private overflowed = false;
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
    this.editor = new HmpLineEditor(
      (line, end) => {
        // CR LF ends one line: QEMU runs an empty line after it, which does nothing; skip it.
        const crLf = line === '' && end === 0x0a && this.lastWasCr;
        this.lastWasCr = end === 0x0d;
        if (!crLf) this.lines.push(line);
      },
      () => {
        this.overflowed = true;
      },
    );
  }

  /** Prints the banner and the first prompt, then reads lines. */
  start(version: string): void {
    this.write(`QEMU ${version} monitor - type 'help' for more information\r\n${HMP_PROMPT}`);
    this.socket.on('data', (chunk: Buffer) => this.input(chunk));
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

  private input(chunk: Buffer): void {
    if (this.stopped) return;
    this.editor.push(chunk);
    if (this.overflowed) {
      this.cutOff(
        `\r\nError: line too long (QEMU's monitor takes at most ${HMP_MAX_LINE_BYTES} bytes)\r\n`,
        `a line longer than ${HMP_MAX_LINE_BYTES} bytes`,
      );
      return;
    }
    if (!this.running) this.runNext();
    this.updateFlow();
  }

  private runNext(): void {
    while (!this.running && this.lines.length > 0) {
      const line = this.lines.shift()!;
      this.write(`${line}\r\n`);
      if (parseHmpCommandName(line).kind === 'blank') {
        this.write(HMP_PROMPT);
        continue;
      }
      this.stats.commands++;
      const refused = refuseHmp(this.listener.policy, line);
      if (refused) {
        this.stats.errors++;
        this.write(
          `Error: ${refused.command} is not allowed on this qmon mux listener (policy: ${refused.reason})\r\n${HMP_PROMPT}`,
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
