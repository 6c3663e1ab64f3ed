import { styleText } from 'node:util';

/** JSON for people: compact by default, indented with `pretty`, coloured on a terminal. */
export function formatJson(value: unknown, options: { pretty: boolean; color: boolean }): string {
  const text = JSON.stringify(value, null, options.pretty ? 2 : undefined) ?? 'null';
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
