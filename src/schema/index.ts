/**
 * QEMU's QAPI schema as TypeScript types, for the default QEMU version (7.2).
 * Other versions, when generated, live beside it in `generated/qemu-<version>/`.
 */
export type { CommandMetadata } from './command-metadata.js';
export * from './generated/qemu-7.2/index.js';

export const defaultQemuVersion = '7.2';
