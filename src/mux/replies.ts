import { formatQemuJson } from './qemu-json.js';

/** `{"id": ..., "error": {...}}` laid out as QEMU lays it out (no id member when there is none). */
export function errorReply(idText: string | undefined, errorClass: string, desc: string): string {
  const error = `"error": {"class": ${formatQemuJson(errorClass)}, "desc": ${formatQemuJson(desc)}}`;
  return idText === undefined ? `{${error}}` : `{"id": ${idText}, ${error}}`;
}

/** `{"return": ..., "id": ...}` laid out as QEMU lays it out. */
export function returnReply(idText: string | undefined, valueText: string): string {
  return idText === undefined
    ? `{"return": ${valueText}}`
    : `{"return": ${valueText}, "id": ${idText}}`;
}

/** An event as QEMU writes it, stamped now. */
export function eventMessage(name: string, data: unknown): string {
  const now = Date.now();
  const timestamp = `{"seconds": ${Math.floor(now / 1000)}, "microseconds": ${(now % 1000) * 1000}}`;
  return `{"timestamp": ${timestamp}, "event": ${formatQemuJson(name)}, "data": ${formatQemuJson(data)}}`;
}
