/** Small helpers that turn names and notes into TypeScript source text. */

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A property key: bare when it is an identifier, quoted otherwise (`'node-name'`). */
export function propertyKey(name: string): string {
  return identifierPattern.test(name) ? name : stringLiteral(name);
}

export function isIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** A JSDoc block at the given indentation, or nothing when there are no lines. */
export function jsDoc(lines: readonly string[], indent: string): string[] {
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`), `${indent} */`];
}
