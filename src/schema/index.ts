/**
 * QEMU's QAPI schema as TypeScript types, for the newest bundled QEMU (10.0).
 * Each bundled version also has its own subpath: `qmon/schema/qemu-7.2`,
 * `qmon/schema/qemu-10.0`.
 */

export type { BundledMatch, BundledSchema } from './bundled.js';
export { bundledSchema, bundledSchemaFor, bundledSchemas, defaultQemuVersion } from './bundled.js';
export type { CommandMetadata } from './command-metadata.js';
export * from './generated/qemu-10.0/index.js';
export type { DefaultQemu, Qemu72, Qemu100, QemuTypes } from './qemu-versions.js';
