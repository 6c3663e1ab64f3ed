/** The HMP console: a line editor in xterm.js, Tab completes from HMP's own `help`. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { consoleStream, errorMessage, type VmInfo } from '../lib/api.js';
import { exposeTerminal, openTerminal } from './terminal.js';

interface HmpReply {
  id: number;
  output?: string;
  error?: { code: string; message: string };
  completions?: string[];
}

const PROMPT = '(qemu) ';

export function HmpConsole(props: { vm: VmInfo }) {
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('connecting…');
  const [error, setError] = useState<string>();

  useEffect(() => {
    let ws: WebSocket | undefined;
    let closed = false;
    let dispose = () => {};
    void (async () => {
      try {
        const terminal = await openTerminal(box.current!);
        dispose = () => terminal.dispose();
        exposeTerminal(box.current!, terminal);
        const { url } = await consoleStream(props.vm.id, 'hmp');
        if (closed) return;
        const socket = new WebSocket(url);
        ws = socket;
        let nextId = 1;
        const waiting = new Map<number, (reply: HmpReply) => void>();
        const ask = (message: Record<string, unknown>) =>
          new Promise<HmpReply>((resolve) => {
            const id = nextId++;
            waiting.set(id, resolve);
            socket.send(JSON.stringify({ id, ...message }));
          });
        socket.onopen = () => {
          setStatus('connected');
          terminal.write(PROMPT);
        };
        socket.onmessage = (message) => {
          const reply = JSON.parse(String(message.data)) as HmpReply;
          waiting.get(reply.id)?.(reply);
          waiting.delete(reply.id);
        };
        socket.onclose = (event) => setStatus(`closed${event.reason ? `: ${event.reason}` : ''}`);

        let line = '';
        const history: string[] = [];
        let back = 0;
        let busy = false;
        const replaceLine = (text: string) => {
          terminal.write(`\r\x1b[K${PROMPT}${text}`);
          line = text;
        };
        terminal.onData(async (data) => {
          if (busy || socket.readyState !== WebSocket.OPEN) return;
          if (data === '\r') {
            terminal.write('\r\n');
            const command = line.trim();
            line = '';
            back = 0;
            if (command) {
              history.push(command);
              busy = true;
              const reply = await ask({ line: command });
              busy = false;
              const text = reply.error ? `Error: ${reply.error.message}\n` : (reply.output ?? '');
              terminal.write(text.replace(/\r?\n/g, '\r\n'));
            }
            terminal.write(PROMPT);
          } else if (data === '\x7f') {
            if (line) replaceLine(line.slice(0, -1));
          } else if (data === '\t') {
            busy = true;
            const { completions = [] } = await ask({ complete: line });
            busy = false;
            if (completions.length === 1) {
              const [only] = completions as [string];
              // A completion is either the whole line or its last word.
              const words = line.split(' ');
              words[words.length - 1] = only;
              replaceLine(
                `${only.startsWith(line) && line.includes(' ') ? only : words.join(' ')} `,
              );
            } else if (completions.length > 1) {
              terminal.write(`\r\n${completions.join('  ')}\r\n`);
              replaceLine(line);
            }
          } else if (data === '\x1b[A' || data === '\x1b[B') {
            back = Math.max(0, Math.min(history.length, back + (data === '\x1b[A' ? 1 : -1)));
            replaceLine(back ? history[history.length - back]! : '');
          } else if (data === '\x03') {
            terminal.write('^C\r\n');
            replaceLine('');
          } else if (data >= ' ' && !data.startsWith('\x1b')) {
            line += data;
            terminal.write(data);
          }
        });
        terminal.focus();
      } catch (cause) {
        setError(errorMessage(cause));
      }
    })();
    return () => {
      closed = true;
      ws?.close();
      dispose();
    };
  }, [props.vm.id]);

  return (
    <div class="console">
      <div class="console-bar">
        <span data-testid="hmp-status">{status}</span>
        <span class="muted">Tab completes; ↑ ↓ history</span>
      </div>
      <ErrorMessage text={error} />
      <div class="terminal" ref={box} data-testid="hmp-terminal" />
    </div>
  );
}
