export * from './qmp/index.js';
export * from './session/index.js';
export * from './transport/index.js';
export * from './wire/index.js';
export * from './hmp/index.js';
export * from './launch/index.js';
export * from './qga/index.js';
