/**
 * `node --import tsx src/libvirt/generator/main.ts --source DIR --out DIR --source-label TEXT`
 * (from a libvirt source tree), or `--subset FILE` (from a committed subset).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFromSubset, generateFromTree } from './generate.js';

const { values } = parseArgs({
  options: {
    source: { type: 'string' },
    subset: { type: 'string' },
    out: { type: 'string' },
    'source-label': { type: 'string' },
  },
});
if (!values.out || (!values.source && !values.subset)) {
  process.stderr.write(
    'usage: main.ts (--source DIR | --subset FILE) --out DIR [--source-label TEXT]\n',
  );
  process.exit(2);
}
const label = values['source-label'] ?? 'libvirt';
const result = values.source
  ? generateFromTree(values.source, label)
  : generateFromSubset(readFileSync(values.subset as string, 'utf8'));
writeFileSync(join(values.out, 'protocol.ts'), result.typescript);
writeFileSync(join(values.out, 'protocol-subset.x'), result.subset);
