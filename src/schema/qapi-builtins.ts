/**
 * The JSON type that a QAPI builtin type travels as. `wideInteger`: a JSON
 * integer that may lie beyond 2^53, where the wire layer hands it over as a
 * bigint.
 */
export type BuiltinJsonType =
  | 'string'
  | 'number'
  | 'wideInteger'
  | 'boolean'
  | 'null'
  | 'value'
  | 'qtype';

/** QAPI's builtin types (QEMU's scripts/qapi/schema.py) and what each is on the wire. */
export const qapiBuiltinTypes: ReadonlyMap<string, BuiltinJsonType> = new Map([
  ['str', 'string'],
  ['number', 'number'],
  ['int', 'wideInteger'],
  ['int8', 'number'],
  ['int16', 'number'],
  ['int32', 'number'],
  ['int64', 'wideInteger'],
  ['uint8', 'number'],
  ['uint16', 'number'],
  ['uint32', 'number'],
  ['uint64', 'wideInteger'],
  ['size', 'wideInteger'],
  ['bool', 'boolean'],
  ['null', 'null'],
  ['any', 'value'],
  ['QType', 'qtype'],
]);

/** The values of the builtin enum `QType`. */
export const qtypeValues: readonly string[] = [
  'none',
  'qnull',
  'qnum',
  'qstring',
  'qdict',
  'qlist',
  'qbool',
];
