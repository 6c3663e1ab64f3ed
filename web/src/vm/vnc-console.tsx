/**
 * The graphic console: noVNC (loaded only here) on the daemon's VNC stream,
 * connected as a shared viewer with the ticket's one-time password. Paste
 * types text as keystrokes; the special-keys bar sends what the browser would
 * keep (Ctrl-Alt-Del, Ctrl-Alt-Fn) and holds modifiers; scaling keeps the
 * pointer mapped (noVNC maps it).
 */
import type RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { can, consoleStream, errorMessage, type Role, type VmInfo } from '../lib/api.js';
import { functionKey, KEY, type Key, keystrokes } from './keys.js';

const HOLDABLE = ['Control', 'Alt', 'Shift', 'Super'] as const;
type Holdable = (typeof HOLDABLE)[number];
/** A pause between typed keys, so a busy guest drops none. */
const TYPE_DELAY_MS = 8;

export function VncConsole(props: { vm: VmInfo; role: Role }) {
  const screen = useRef<HTMLDivElement>(null);
  const rfb = useRef<RFB>(undefined);
  const [status, setStatus] = useState('connecting…');
  const [error, setError] = useState<string>();
  const [scale, setScale] = useState(true);
  const [held, setHeld] = useState<ReadonlySet<Holdable>>(new Set());
  const [paste, setPaste] = useState('');
  const [typing, setTyping] = useState(false);
  const mayType = can(props.role, 'vm.control');

  useEffect(() => {
    let closed = false;
    void (async () => {
      try {
        const [{ default: RFBClass }, stream] = await Promise.all([
          import('@novnc/novnc'),
          consoleStream(props.vm.id, 'vnc'),
        ]);
        if (closed) return;
        const client = new RFBClass(screen.current!, stream.url, {
          shared: true,
          wsProtocols: ['binary'],
          ...(stream.password ? { credentials: { password: stream.password } } : {}),
        });
        client.viewOnly = !mayType;
        client.scaleViewport = scale;
        client.focusOnClick = true;
        client.addEventListener('connect', () => setStatus('connected'));
        client.addEventListener('disconnect', (event) =>
          setStatus(
            (event as CustomEvent<{ clean: boolean }>).detail.clean
              ? 'disconnected'
              : 'connection lost',
          ),
        );
        client.addEventListener('securityfailure', (event) =>
          setError(
            `VNC refused the password: ${(event as CustomEvent<{ reason?: string }>).detail.reason ?? ''}`,
          ),
        );
        client.addEventListener('credentialsrequired', () =>
          setError('VNC asks for a password the daemon did not give'),
        );
        rfb.current = client;
      } catch (cause) {
        setError(errorMessage(cause));
      }
    })();
    return () => {
      closed = true;
      rfb.current?.disconnect();
      rfb.current = undefined;
    };
  }, [props.vm.id]);

  useEffect(() => {
    if (rfb.current) rfb.current.scaleViewport = scale;
  }, [scale]);

  const send = (key: Key, down: boolean) => rfb.current?.sendKey(key.keysym, key.code, down);
  const press = (...keys: Key[]) => {
    for (const key of keys) send(key, true);
    for (const key of [...keys].reverse()) send(key, false);
  };
  const toggleHold = (name: Holdable) => {
    const down = !held.has(name);
    send(KEY[name], down);
    setHeld((set) => {
      const next = new Set(set);
      if (down) next.add(name);
      else next.delete(name);
      return next;
    });
  };
  const typeText = async () => {
    setTyping(true);
    try {
      for (const { key, shift } of keystrokes(paste)) {
        if (shift) send(KEY.Shift, true);
        press(key);
        if (shift) send(KEY.Shift, false);
        await new Promise((resolve) => setTimeout(resolve, TYPE_DELAY_MS));
      }
    } finally {
      setTyping(false);
    }
  };

  return (
    <div class="console vnc">
      <div class="console-bar">
        <span data-testid="vnc-status">{status}</span>
        <label>
          <input
            type="checkbox"
            checked={scale}
            onChange={(e) => setScale(e.currentTarget.checked)}
          />
          scale to fit
        </label>
        {mayType && (
          <span class="keys" data-testid="special-keys">
            <button type="button" onClick={() => rfb.current?.sendCtrlAltDel()}>
              Ctrl-Alt-Del
            </button>
            <select
              aria-label="Send a key"
              onChange={(e) => {
                const [mods, n] = e.currentTarget.value.split(':');
                e.currentTarget.value = '';
                if (!n) return;
                const fn = functionKey(Number(n));
                if (mods === 'ca') press(KEY.Control, KEY.Alt, fn);
                else press(fn);
              }}
            >
              <option value="">Send key…</option>
              {Array.from({ length: 12 }, (_, i) => (
                <option key={`ca${i}`} value={`ca:${i + 1}`}>
                  Ctrl-Alt-F{i + 1}
                </option>
              ))}
              {Array.from({ length: 12 }, (_, i) => (
                <option key={`f${i}`} value={`f:${i + 1}`}>
                  F{i + 1}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => press(KEY.Escape)}>
              Esc
            </button>
            <button type="button" onClick={() => press(KEY.Tab)}>
              Tab
            </button>
            <button type="button" onClick={() => press(KEY.PrintScreen)}>
              PrtSc
            </button>
            {HOLDABLE.map((name) => (
              <button
                type="button"
                key={name}
                aria-pressed={held.has(name)}
                class={held.has(name) ? 'held' : ''}
                title={`hold ${name} until pressed again`}
                onClick={() => toggleHold(name)}
              >
                {name}
              </button>
            ))}
          </span>
        )}
        {!mayType && <span class="muted">view only (viewer)</span>}
      </div>
      <ErrorMessage text={error} />
      <div class="vnc-screen" ref={screen} data-testid="vnc-screen" />
      {mayType && (
        <div class="paste">
          <textarea
            data-testid="vnc-paste"
            rows={3}
            placeholder="Text to type into the VM as keystrokes"
            value={paste}
            onInput={(e) => setPaste(e.currentTarget.value)}
          />
          <button type="button" disabled={!paste || typing} onClick={typeText}>
            {typing ? 'Typing…' : 'Type it'}
          </button>
        </div>
      )}
    </div>
  );
}
