// Generated types for QEMU 10.0: QMP and the guest agent (QGA).
// Do not edit: regenerate with `bash scripts/generate-schema.sh`.

export * as qga from './qga.js';
export * as qmp from './qmp.js';
export * from './qmp.js';
export * from './qga.js';
