import { styleText } from 'node:util';
import { stringifyJson } from '../wire/exact-json.js';

/**
 * JSON for people: compact by default, indented with `pretty`, coloured on a
 * terminal. Integers beyond 2^53 (bigints) are printed exactly.
 */
export function formatJson(value: unknown, options: { pretty: boolean; color: boolean }): string {
  const text = stringifyJson(value, options.pretty ? 2 : undefined) ?? 'null';
  return options.color ? colorize(text) : text;
}

const TOKEN =
  /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Colours the tokens of JSON text: keys, strings, numbers, literals. */
function colorize(text: string): string {
  return text.replace(
    TOKEN,
    (match, string?: string, colon?: string, literal?: string, number?: string) => {
      if (string !== undefined)
        return colon ? `${styleText('cyan', string)}${colon}` : styleText('green', string);
      if (literal !== undefined) return styleText('magenta', literal);
      if (number !== undefined) return styleText('yellow', number);
      return match;
    },
  );
}
