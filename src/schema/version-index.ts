/** The `index.ts` of one generated version folder, exporting its QMP and QGA modules. */

function exportedNames(moduleText: string, kinds = 'type|interface|const'): Set<string> {
  const pattern = new RegExp(`^export (?:${kinds}) (\\w+)`, 'gm');
  return new Set([...moduleText.matchAll(pattern)].map((match) => match[1]!));
}

/**
 * Both modules are available as namespaces (`qmp.BlockInfo`, `qga.GuestAgentInfo`)
 * and, as long as their names do not collide, flat as well. When they do
 * collide, QMP keeps the flat names and QGA's protocol maps are re-exported by name.
 */
export function versionIndexText(
  header: readonly string[],
  qmpText: string,
  qgaText: string,
): string {
  const qmpNames = exportedNames(qmpText);
  const qgaNames = exportedNames(qgaText);
  const shared = [...qgaNames].filter((name) => qmpNames.has(name)).sort();
  const lines = [
    ...header.map((line) => `// ${line}`),
    '',
    "export * as qga from './qga.js';",
    "export * as qmp from './qmp.js';",
    "export * from './qmp.js';",
  ];
  if (shared.length === 0) {
    lines.push("export * from './qga.js';");
  } else {
    const protocol = (names: Set<string>) =>
      [...names].filter((name) => /^(Qga|qga)/.test(name)).sort();
    lines.push(
      `// QGA names also used by QMP (${shared.join(', ')}) are only under \`qga\`.`,
      `export type { ${protocol(exportedNames(qgaText, 'type|interface')).join(', ')} } from './qga.js';`,
      `export { ${protocol(exportedNames(qgaText, 'const')).join(', ')} } from './qga.js';`,
    );
  }
  return `${lines.join('\n')}\n`;
}
