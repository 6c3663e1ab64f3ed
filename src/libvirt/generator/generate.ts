import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Generated, generate } from './emit.js';
import { EXTRA_TYPES, HEADER_CONSTANTS, QEMU_PROCEDURES, REMOTE_PROCEDURES } from './selection.js';
import { parseXdr } from './xdr-parser.js';

const FILES = [
  'src/rpc/virnetprotocol.x',
  'src/remote/remote_protocol.x',
  'src/remote/qemu_protocol.x',
];
const selection = {
  remote: REMOTE_PROCEDURES,
  qemu: QEMU_PROCEDURES,
  extraTypes: EXTRA_TYPES,
  headerConstants: HEADER_CONSTANTS,
};

/** Generates from a libvirt source tree's three protocol files. */
export function generateFromTree(dir: string, label: string): Generated {
  const definitions = FILES.flatMap((file) =>
    parseXdr(readFileSync(join(dir, file), 'utf8'), file),
  );
  return generate(definitions, selection, label);
}

/** Generates from a subset written by a previous run (its first comment names the source). */
export function generateFromSubset(text: string): Generated {
  const label = /definitions of (.*) that src\/libvirt/.exec(text)?.[1] ?? 'libvirt';
  return generate(parseXdr(text, 'protocol-subset.x'), selection, label);
}
