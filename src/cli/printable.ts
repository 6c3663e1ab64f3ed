/**
 * A name as one safe line on a terminal: a name holding control characters
 * (newlines, escapes, DEL, C1) or a backslash is shown JSON-quoted with those
 * escaped, as `ls` quotes odd file names; any other name is shown as it is.
 */
export function printable(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (!/[\u0000-\u001f\u007f-\u009f\\]/.test(name)) return name;
  return JSON.stringify(name).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
