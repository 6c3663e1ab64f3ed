/**
 * The serial console: the daemon sends the VM's persistent serial log (all
 * of it, as scrollback), then live output. Any number of viewers; keys are
 * taken from one writer at a time, and an operator can take that role.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { can, consoleStream, errorMessage, type Role, type VmInfo } from '../lib/api.js';
import { exposeTerminal, openTerminal } from './terminal.js';

export function SerialConsole(props: { vm: VmInfo; role: Role }) {
  const box = useRef<HTMLDivElement>(null);
  const socket = useRef<WebSocket>(undefined);
  const [writer, setWriter] = useState(false);
  const [status, setStatus] = useState('connecting…');
  const [error, setError] = useState<string>();
  const mayType = can(props.role, 'vm.control');

  useEffect(() => {
    let closed = false;
    let dispose = () => {};
    void (async () => {
      try {
        const terminal = await openTerminal(box.current!, { readOnly: !mayType });
        dispose = () => terminal.dispose();
        exposeTerminal(box.current!, terminal);
        const { url } = await consoleStream(props.vm.id, 'serial');
        if (closed) return;
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        socket.current = ws;
        ws.onopen = () => setStatus('connected');
        ws.onmessage = (message) => {
          if (typeof message.data === 'string') {
            const frame = JSON.parse(message.data) as { type?: string; self?: boolean };
            if (frame.type === 'writer') setWriter(frame.self === true);
          } else terminal.write(new Uint8Array(message.data as ArrayBuffer));
        };
        ws.onclose = (event) => setStatus(`closed${event.reason ? `: ${event.reason}` : ''}`);
        const encoder = new TextEncoder();
        terminal.onData((data) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data));
        });
        terminal.focus();
      } catch (cause) {
        setError(errorMessage(cause));
      }
    })();
    return () => {
      closed = true;
      socket.current?.close();
      dispose();
    };
  }, [props.vm.id]);

  return (
    <div class="console">
      <div class="console-bar">
        <span data-testid="serial-status">{status}</span>
        {mayType &&
          (writer ? (
            <span class="muted">you are typing here</span>
          ) : (
            <button
              type="button"
              onClick={() => socket.current?.send(JSON.stringify({ type: 'claim' }))}
            >
              Take over typing
            </button>
          ))}
        {!mayType && <span class="muted">read-only (viewer)</span>}
      </div>
      <ErrorMessage text={error} />
      <div class="terminal" ref={box} data-testid="serial-terminal" />
    </div>
  );
}
