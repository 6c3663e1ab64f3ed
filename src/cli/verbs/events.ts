import type { QmpEvent } from '../../qmp/event-hub.js';
import { stringifyJson } from '../../wire/exact-json.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { connectQmp, seconds } from '../qmp-connection.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Record<string, unknown>,
) {
  const matches = eventMatcher(
    (options.event as string[] | undefined) ?? [],
    options.regex === true,
    options.case === false,
  );
  const client = await connectQmp(context, target!);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer =
    options.timeout === undefined ? undefined : setTimeout(onSignal, seconds(options.timeout));
  let received = 0;
  context.err(`watching events on ${target}; Ctrl-C to stop`);
  try {
    for await (const event of client.events({ signal: stop.signal, bufferSize: 10_000 })) {
      if (!matches(event.event)) continue;
      received++;
      context.out(format(event, options));
      if (!options.loop) break;
    }
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await client.close();
  }
  if (!options.json) context.err(`events received: ${received}`);
  return 0;
}

function eventMatcher(
  names: string[],
  regex: boolean,
  ignoreCase: boolean,
): (name: string) => boolean {
  if (names.length === 0) return () => true;
  if (regex) {
    const patterns = names.map((name) => {
      try {
        return new RegExp(name, ignoreCase ? 'i' : '');
      } catch (error) {
        throw new UserError(
          `--event ${JSON.stringify(name)} is not a valid regular expression: ${(error as Error).message}`,
          2,
        );
      }
    });
    return (name) => patterns.some((pattern) => pattern.test(name));
  }
  const wanted = new Set(names.map((name) => (ignoreCase ? name.toUpperCase() : name)));
  return (name) => wanted.has(ignoreCase ? name.toUpperCase() : name);
}

function format(event: QmpEvent, options: Record<string, unknown>): string {
  if (options.json)
    return stringifyJson({ event: event.event, data: event.data, timestamp: event.timestamp })!;
  const { seconds: s, microseconds: us } = event.timestamp;
  const stamp = options.timestamp ? `${new Date(s * 1000 + us / 1000).toISOString()} ` : '';
  return `${stamp}event ${event.event}: ${stringifyJson(event.data)}`;
}
