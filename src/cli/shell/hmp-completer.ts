/** HMP command names from the output of `help`: lines like `name|alias args -- description`. */
export function hmpCommandNames(helpText: string): string[] {
  const names = new Set<string>();
  for (const line of helpText.split('\n')) {
    const head = /^(\S+)/.exec(line)?.[1];
    if (!head) continue;
    for (const name of head.split('|')) if (/^[a-z_][\w-]*$/i.test(name)) names.add(name);
  }
  return [...names].sort();
}

export function completeHmp(names: readonly string[], line: string): [string[], string] {
  if (/\s/.test(line)) return [[], line];
  return [names.filter((name) => name.startsWith(line)), line];
}
