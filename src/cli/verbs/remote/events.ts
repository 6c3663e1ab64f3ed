/**
 * `qmon events NAME` through a daemon: the VM's events as the daemon stores
 * them (QEMU's, and its own STATE, RESTART, ...), live over its WebSocket.
 */
import type { ApiEvent } from '../../../api-client/index.js';
import { stringifyJson } from '../../../wire/exact-json.js';
import type { CliContext } from '../../context.js';
import { daemonClient } from '../../daemon/connection.js';
import { followEvents } from '../../daemon/event-socket.js';
import { EXIT } from '../../errors.js';
import { wantedEvents } from '../events.js';

export async function run(context: CliContext, [name]: string[], options: Record<string, unknown>) {
  const url = context.daemon!;
  const wanted = wantedEvents(
    (options.event as string[] | undefined) ?? [],
    options.regex === true,
    options.case === false,
  );
  const matches = (event: string) =>
    wanted.length === 0 || wanted.some((one) => one.matches(event));
  // Typed options hand `--timeout` over in milliseconds.
  const timeout = options.timeout as number | undefined;
  const vm = await (await daemonClient(url)).getVm(name!);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  let timedOut = false;
  let received = 0;
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop.abort();
        }, timeout);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await followEvents(
      url,
      {
        onReady: () => context.err(`watching events of ${vm.name} at ${url}; Ctrl-C to stop`),
        onEvent: (event) => {
          if (stop.signal.aborted || event.vmId !== vm.id || !matches(event.name)) return;
          received++;
          context.out(format(event, options));
          if (!options.loop) stop.abort();
        },
      },
      stop.signal,
    );
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!options.json) context.err(`events received: ${received}`);
  return timedOut && received === 0 ? EXIT.timedOut : EXIT.ok;
}

/** As `qmon events` prints QEMU's events; the daemon's own carry the time it stored them. */
function format(event: ApiEvent, options: Record<string, unknown>): string {
  const [s, us] = (event.qemuTime ?? '').split('.').map(Number);
  const timestamp =
    s !== undefined && us !== undefined && event.qemuTime
      ? { seconds: s, microseconds: us }
      : {
          seconds: Math.floor(Date.parse(event.at) / 1000),
          microseconds: (Date.parse(event.at) % 1000) * 1000,
        };
  if (options.json) return stringifyJson({ event: event.name, data: event.data, timestamp })!;
  const stamp = options.timestamp
    ? `${new Date(timestamp.seconds * 1000 + timestamp.microseconds / 1000).toISOString()} `
    : '';
  return `${stamp}event ${event.name}: ${stringifyJson(event.data)}`;
}
