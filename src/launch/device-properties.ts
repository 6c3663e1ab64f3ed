/**
 * Device properties given as text (`--prop max-bytes=1024`) typed the way the
 * device declares them in `device-list-properties`. QEMU 7.2 took any JSON
 * string and parsed it as QemuOpts do; from QEMU 9 on, `device_add` checks
 * JSON types strictly ("Parameter 'max-bytes' expects uint64"), so a number
 * must go as a number and a flag as a boolean.
 */
import type { QmpClient } from '../qmp/qmp-client.js';
import { InvalidSpecError } from './errors.js';

export interface DeviceProperty {
  name: string;
  /** QOM's type name: `uint64`, `bool`, `str`, `size`, `OnOffAuto`, `link<...>`, ... */
  type: string;
}

/** device_add's own arguments, not properties of the device. */
const UNTYPED = new Set(['driver', 'id', 'bus']);
const INTEGER = /^u?int(8|16|32|64)$/;
const SIZE_SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
  e: 2 ** 60,
};

/** One text value as the JSON type of a property of QOM type `type`; other types stay text. */
export function typedPropertyValue(name: string, type: string, text: string): unknown {
  if (INTEGER.test(type)) {
    if (!/^(-?\d+|0x[0-9a-f]+)$/i.test(text.trim())) {
      throw new InvalidSpecError(`device.${name}`, `expects an integer (${type}), got '${text}'`);
    }
    return Number(text.trim());
  }
  if (type === 'size') {
    const match = /^(\d+(?:\.\d+)?)\s*([kmgtpe]?)b?$/i.exec(text.trim());
    if (!match) {
      throw new InvalidSpecError(
        `device.${name}`,
        `expects a size (e.g. 4096, 64K, 1M), got '${text}'`,
      );
    }
    return Math.round(Number(match[1]) * SIZE_SUFFIX[match[2]!.toLowerCase()]!);
  }
  if (type === 'bool') {
    if (/^(on|true|yes)$/i.test(text)) return true;
    if (/^(off|false|no)$/i.test(text)) return false;
    throw new InvalidSpecError(`device.${name}`, `expects on or off, got '${text}'`);
  }
  return text;
}

/** The QOM type of each property `driver` declares; empty for a driver QEMU does not know. */
export async function devicePropertyTypes(
  qmp: QmpClient,
  driver: string,
): Promise<ReadonlyMap<string, string>> {
  // An unknown driver is device_add's to refuse, with its own message.
  const declared = (await qmp
    .execute('device-list-properties', { typename: driver })
    .catch(() => [])) as DeviceProperty[];
  return new Map(declared.map((property) => [property.name, property.type]));
}

/**
 * `properties` with each text value typed by `driver`'s declared properties.
 * Values that are not text, and names the device does not declare (QEMU
 * refuses those itself, naming them), pass unchanged.
 */
export async function typeDeviceProperties(
  qmp: QmpClient,
  driver: string,
  properties: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const texts = Object.entries(properties).filter(
    ([name, value]) => typeof value === 'string' && !UNTYPED.has(name),
  );
  if (texts.length === 0) return { ...properties };
  const typeOf = await devicePropertyTypes(qmp, driver);
  const typed: Record<string, unknown> = { ...properties };
  for (const [name, value] of texts) {
    const type = typeOf.get(name);
    if (type !== undefined) typed[name] = typedPropertyValue(name, type, value as string);
  }
  return typed;
}
