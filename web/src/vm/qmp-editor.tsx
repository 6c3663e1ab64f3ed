/**
 * The QMP editor: a command line completed from the VM's schema, arguments as
 * JSON with the command's argument list beside them, pretty replies, and a
 * live pane of every event QEMU sends.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { consoleStream, errorMessage, type VmInfo } from '../lib/api.js';
import { QmpSchema } from './qmp-schema.js';

interface Exchange {
  id: number;
  command: string;
  reply?: unknown;
}

function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export function QmpEditor(props: { vm: VmInfo }) {
  const [schema, setSchema] = useState<QmpSchema>();
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [choice, setChoice] = useState(0);
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const [events, setEvents] = useState<unknown[]>([]);
  const [status, setStatus] = useState('connecting…');
  const [error, setError] = useState<string>();
  const socket = useRef<WebSocket>(undefined);
  const nextId = useRef(1);

  useEffect(() => {
    QmpSchema.load(props.vm.id).then(setSchema, (cause: unknown) =>
      setError(`No schema completion: ${errorMessage(cause)}`),
    );
    let closed = false;
    void consoleStream(props.vm.id, 'qmp').then(
      ({ url }) => {
        if (closed) return;
        const ws = new WebSocket(url);
        socket.current = ws;
        ws.onmessage = (message) => {
          const frame = JSON.parse(String(message.data)) as Record<string, unknown>;
          if ('QMP' in frame) setStatus('connected');
          else if ('event' in frame) setEvents((list) => [frame, ...list.slice(0, 199)]);
          else if (typeof frame.id === 'number')
            setExchanges((list) =>
              list.map((x) => (x.id === frame.id ? { ...x, reply: frame } : x)),
            );
        };
        ws.onclose = (event) => setStatus(`closed${event.reason ? `: ${event.reason}` : ''}`);
      },
      (cause: unknown) => setError(errorMessage(cause)),
    );
    return () => {
      closed = true;
      socket.current?.close();
    };
  }, [props.vm.id]);

  const suggestions = schema?.complete(command).slice(0, 12) ?? [];
  const known = schema?.commands.includes(command) ?? false;
  const argumentList = known ? schema!.arguments(command) : [];

  const run = (event?: Event) => {
    event?.preventDefault();
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = args.trim() ? JSON.parse(args) : undefined;
    } catch (cause) {
      setError(`Arguments are not JSON: ${errorMessage(cause)}`);
      return;
    }
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      setError('The QMP stream is not connected.');
      return;
    }
    const id = nextId.current++;
    ws.send(JSON.stringify({ execute: command, ...(parsed ? { arguments: parsed } : {}), id }));
    setExchanges((list) => [{ id, command }, ...list.slice(0, 49)]);
  };
  const accept = (name: string) => {
    setCommand(name);
    setChoice(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (suggestions.length === 0 || known) return;
    if (event.key === 'Tab') {
      event.preventDefault();
      // As a shell does: the one match, else as far as the matches agree, else the chosen one.
      const starting = suggestions.filter((name) => name.startsWith(command));
      const shared = commonPrefix(starting);
      if (starting.length === 1) accept(starting[0]!);
      else if (shared.length > command.length) accept(shared);
      else accept(suggestions[choice] ?? suggestions[0]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      accept(suggestions[choice] ?? suggestions[0]!);
    } else if (event.key === 'ArrowDown') setChoice((c) => Math.min(c + 1, suggestions.length - 1));
    else if (event.key === 'ArrowUp') setChoice((c) => Math.max(c - 1, 0));
  };

  return (
    <div class="qmp">
      <form class="qmp-editor card" onSubmit={run}>
        <div class="console-bar">
          <span data-testid="qmp-status">{status}</span>
        </div>
        <label>
          Command
          <input
            data-testid="qmp-command"
            value={command}
            autocomplete="off"
            spellcheck={false}
            placeholder="query-status"
            onInput={(e) => {
              setCommand(e.currentTarget.value);
              setChoice(0);
            }}
            onKeyDown={onKeyDown}
          />
        </label>
        {!known && suggestions.length > 0 && (
          <ul class="suggestions" data-testid="qmp-suggestions">
            {suggestions.map((name, i) => (
              <li key={name} class={i === choice ? 'chosen' : ''}>
                <button type="button" onClick={() => accept(name)}>
                  {name}
                </button>
              </li>
            ))}
          </ul>
        )}
        {argumentList.length > 0 && (
          <ul class="arguments" data-testid="qmp-arguments">
            {argumentList.map((arg) => (
              <li key={arg.name}>
                <code>{arg.name}</code>
                {arg.optional ? '?' : ''}: <span class="muted">{arg.type}</span>
              </li>
            ))}
          </ul>
        )}
        <label>
          Arguments (JSON)
          <textarea
            rows={4}
            spellcheck={false}
            value={args}
            placeholder={argumentList.length ? '{ }' : 'none'}
            onInput={(e) => setArgs(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={!command}>
          Run
        </button>
        <ErrorMessage text={error} />
      </form>
      <div class="card replies" data-testid="qmp-replies">
        <h2>Replies</h2>
        {exchanges.map((x) => (
          <div key={x.id} class="exchange">
            <code>{x.command}</code>
            <pre>{x.reply === undefined ? '…' : JSON.stringify(x.reply, null, 2)}</pre>
          </div>
        ))}
      </div>
      <div class="card events" data-testid="qmp-events">
        <h2>Events</h2>
        {events.map((event, i) => (
          <pre key={events.length - i}>{JSON.stringify(event)}</pre>
        ))}
      </div>
    </div>
  );
}
