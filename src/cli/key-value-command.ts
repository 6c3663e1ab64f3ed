import { devicePropertyTypes, typedPropertyValue } from '../launch/device-properties.js';
import type { QmpClient } from '../qmp/qmp-client.js';
import { type IntrospectionEntry, LiveSchema } from '../schema/live-schema.js';
import type { ParsedCommand } from './json-command.js';
import { parseKeyValueArgs } from './qmp-shell-args.js';

/**
 * A command given qmp-shell style (`NAME key=value ...`), typed by the live
 * schema. device_add's device properties are not in the schema: they take the
 * types the device declares (QEMU 10.0 refuses `"on"` for a bool property).
 */
export async function parseKeyValueCommand(
  [first, ...rest]: string[],
  client: QmpClient,
): Promise<ParsedCommand> {
  const schema = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
  const args = parseKeyValueArgs(first!, rest, schema);
  const properties = rest.filter((word) => !/^(driver|id|bus)=/.test(word) && word.includes('='));
  if (first === 'device_add' && typeof args.driver === 'string' && properties.length > 0) {
    const types = await devicePropertyTypes(client, args.driver);
    for (const word of properties) {
      const key = word.slice(0, word.indexOf('='));
      const type = types.get(key);
      if (type !== undefined) args[key] = typedPropertyValue(key, type, word.slice(key.length + 1));
    }
  }
  return { command: first!, args };
}
