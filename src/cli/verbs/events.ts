import type { QmpEvent } from '../../qmp/event-hub.js';
import type { QmpClient } from '../../qmp/qmp-client.js';
import { type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import { stringifyJson } from '../../wire/exact-json.js';
import type { CliContext } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { connectQmp } from '../qmp-connection.js';
import type { Options } from '../verb.js';
import type { eventsOptions } from '../verb-options.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Options<typeof eventsOptions>,
) {
  const names = options.event;
  const wanted = wantedEvents(names, options.regex, options.case === false);
  const matches = (event: string) =>
    wanted.length === 0 || wanted.some((one) => one.matches(event));
  const timeout = options.timeout;
  const client = await connectQmp(context, target!);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  let timedOut = false;
  const onTimeout = () => {
    timedOut = true;
    stop.abort();
  };
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (wanted.length > 0) await refuseUnknownEvents(client, wanted);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (timeout !== undefined) timer = setTimeout(onTimeout, timeout);
    context.err(`watching events on ${target}; Ctrl-C to stop`);
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
  // Like timeout(1): the time ran out before anything we waited for happened.
  return timedOut && received === 0 ? EXIT.timedOut : EXIT.ok;
}

/** A name (or pattern) that no event of this QEMU can match is a mistake, not a long wait. */
async function refuseUnknownEvents(client: QmpClient, wanted: readonly Wanted[]): Promise<void> {
  const schema = new LiveSchema(
    (await client.execute('query-qmp-schema')) as unknown as IntrospectionEntry[],
  );
  const known = [...schema.events];
  const unknown = wanted.filter(({ matches }) => !known.some(matches)).map(({ name }) => name);
  if (unknown.length > 0)
    throw new UsageError(`--event ${unknown.join(', ')}: this QEMU has no such event`);
}

export interface Wanted {
  name: string;
  matches: (event: string) => boolean;
}

/** Each --event as a matcher (a name, or with --regex a pattern found anywhere in the name). */
export function wantedEvents(names: string[], regex: boolean, ignoreCase: boolean): Wanted[] {
  return names.map((name) => {
    if (!regex) {
      const upper = name.toUpperCase();
      return {
        name,
        matches: ignoreCase ? (event) => event.toUpperCase() === upper : (event) => event === name,
      };
    }
    try {
      const pattern = new RegExp(name, ignoreCase ? 'i' : '');
      return { name, matches: (event) => pattern.test(event) };
    } catch (error) {
      throw new UsageError(
        `--event ${JSON.stringify(name)} is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  });
}

function format(event: QmpEvent, options: Options<typeof eventsOptions>): string {
  if (options.json)
    return stringifyJson({ event: event.event, data: event.data, timestamp: event.timestamp })!;
  const { seconds: s, microseconds: us } = event.timestamp;
  const stamp = options.timestamp ? `${new Date(s * 1000 + us / 1000).toISOString()} ` : '';
  return `${stamp}event ${event.event}: ${stringifyJson(event.data)}`;
}
