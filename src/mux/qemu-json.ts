import { parseJson } from '../wire/exact-json.js';

/**
 * JSON written the way QEMU's json-writer writes it (`pretty=off`): `", "` and
 * `": "` separators, every character outside printable ASCII escaped as an
 * uppercase `\uXXXX`, floating-point numbers as C's `%.17g`. Messages the mux
 * makes up itself look exactly like QEMU's own.
 */
export function formatQemuJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteQemuString(value);
    case 'number':
      return formatQemuNumber(value);
    case 'bigint':
      // QEMU reads an integer beyond its 64-bit range as a double.
      return value >= INT64_MIN && value <= UINT64_MAX
        ? value.toString()
        : formatQemuNumber(Number(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(formatQemuJson).join(', ')}]`;
      const members: string[] = [];
      for (const [key, member] of Object.entries(value)) {
        if (member !== undefined)
          members.push(`${quoteQemuString(key)}: ${formatQemuJson(member)}`);
      }
      return `{${members.join(', ')}}`;
    }
    default:
      return 'null';
  }
}

const SAFE = 2 ** 53;

/** A number as QEMU prints it: integers as digits, doubles as `%.17g`. */
export function formatQemuNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  // Below 2^53 an integral double and an integer print the same under %.17g.
  if (Number.isInteger(value) && Math.abs(value) < SAFE) return String(value === 0 ? 0 : value);
  const [mantissa = '', exponentText = '0'] = value.toExponential(16).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trimZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trimZeros(value.toPrecision(17));
}

function trimZeros(digits: string): string {
  return digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The text QEMU echoes back for a request id written as `raw` (valid JSON):
 * QEMU parses it and prints it again, so `1.0` comes back as `1` and `"\/"` as
 * `"/"`. Integer literals are kept exact up to QEMU's 64-bit range.
 */
export function qemuIdText(raw: string): string {
  if (/^-?\d+$/.test(raw)) {
    const n = BigInt(raw);
    if (n >= INT64_MIN && n <= UINT64_MAX) return n.toString();
  }
  return formatQemuJson(parseJson(raw));
}

function quoteQemuString(text: string): string {
  // Fast path: nothing to escape.
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      default:
        // UTF-16 code units are what QEMU prints too (surrogate pairs beyond the BMP).
        out +=
          c < 0x20 || c >= 0x7f ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : text[i];
    }
  }
  return `${out}"`;
}
