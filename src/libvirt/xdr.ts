/**
 * XDR (RFC 4506) as libvirt's RPC uses it: big-endian 4-byte units, strings and
 * opaque data padded to 4 bytes, optional data as a 0/1 flag then the value.
 * Pure: no I/O. Codecs are small objects that generated code composes.
 */
import { QmonError } from '../session/errors.js';

/** Bytes that do not decode as the expected XDR type, or a value that cannot be encoded. */
export class XdrError extends QmonError {
  constructor(message: string) {
    super('LIBVIRT_PROTOCOL', message);
  }
}

export class XdrWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialSize = 256) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  int(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff)
      throw new XdrError(`${value} is not a 32-bit signed integer`);
    this.reserve(4);
    this.buffer.writeInt32BE(value, this.length);
    this.length += 4;
  }

  uint(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
      throw new XdrError(`${value} is not a 32-bit unsigned integer`);
    this.reserve(4);
    this.buffer.writeUInt32BE(value, this.length);
    this.length += 4;
  }

  hyper(value: bigint): void {
    this.reserve(8);
    this.buffer.writeBigInt64BE(BigInt.asIntN(64, value), this.length);
    this.length += 8;
  }

  uhyper(value: bigint): void {
    this.reserve(8);
    this.buffer.writeBigUInt64BE(BigInt.asUintN(64, value), this.length);
    this.length += 8;
  }

  /** Fixed-length opaque data: exactly `size` bytes, padded. */
  fixedOpaque(value: Uint8Array, size: number): void {
    if (value.length !== size) throw new XdrError(`expected ${size} bytes, got ${value.length}`);
    this.raw(value);
  }

  /** Variable-length opaque data: a length, the bytes, padding. */
  opaque(value: Uint8Array, max = 0xffffffff): void {
    if (value.length > max) throw new XdrError(`${value.length} bytes exceed the limit of ${max}`);
    this.uint(value.length);
    this.raw(value);
  }

  string(value: string, max = 0xffffffff): void {
    this.opaque(Buffer.from(value, 'utf8'), max);
  }

  private raw(value: Uint8Array): void {
    const padded = (value.length + 3) & ~3;
    this.reserve(padded);
    this.buffer.set(value, this.length);
    this.buffer.fill(0, this.length + value.length, this.length + padded);
    this.length += padded;
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

export class XdrReader {
  private offset: number;

  constructor(
    private readonly buffer: Buffer,
    start = 0,
    private readonly end = buffer.length,
  ) {
    this.offset = start;
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.end)
      throw new XdrError(`truncated XDR data: ${bytes} more bytes needed at offset ${this.offset}`);
  }

  int(): number {
    this.need(4);
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  hyper(): bigint {
    this.need(8);
    const value = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  uhyper(): bigint {
    this.need(8);
    const value = this.buffer.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  fixedOpaque(size: number): Buffer {
    this.need((size + 3) & ~3);
    const value = Buffer.from(this.buffer.subarray(this.offset, this.offset + size));
    this.offset += (size + 3) & ~3;
    return value;
  }

  opaque(max = 0xffffffff): Buffer {
    const size = this.uint();
    if (size > max) throw new XdrError(`${size} bytes exceed the limit of ${max}`);
    return this.fixedOpaque(size);
  }

  string(max = 0xffffffff): string {
    return this.opaque(max).toString('utf8');
  }

  /** Whether every byte has been read. */
  get done(): boolean {
    return this.offset === this.end;
  }
}

export interface Codec<T> {
  write(writer: XdrWriter, value: T): void;
  read(reader: XdrReader): T;
}

export const int: Codec<number> = { write: (w, v) => w.int(v), read: (r) => r.int() };
export const uint: Codec<number> = { write: (w, v) => w.uint(v), read: (r) => r.uint() };
export const hyper: Codec<bigint> = { write: (w, v) => w.hyper(v), read: (r) => r.hyper() };
export const uhyper: Codec<bigint> = { write: (w, v) => w.uhyper(v), read: (r) => r.uhyper() };
export const float: Codec<number> = {
  write: (w, v) => {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatBE(v);
    w.fixedOpaque(bytes, 4);
  },
  read: (r) => r.fixedOpaque(4).readFloatBE(0),
};
export const double: Codec<number> = {
  write: (w, v) => {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(v);
    w.fixedOpaque(bytes, 8);
  },
  read: (r) => r.fixedOpaque(8).readDoubleBE(0),
};
export const bool: Codec<boolean> = {
  write: (w, v) => w.int(v ? 1 : 0),
  read: (r) => {
    const value = r.int();
    if (value !== 0 && value !== 1) throw new XdrError(`${value} is not an XDR bool`);
    return value === 1;
  },
};
export const voidCodec: Codec<void> = { write: () => {}, read: () => undefined };

export function string(max?: number): Codec<string> {
  return { write: (w, v) => w.string(v, max), read: (r) => r.string(max) };
}

export function opaque(max?: number): Codec<Buffer> {
  return { write: (w, v) => w.opaque(v, max), read: (r) => r.opaque(max) };
}

export function fixedOpaque(size: number): Codec<Buffer> {
  return { write: (w, v) => w.fixedOpaque(v, size), read: (r) => r.fixedOpaque(size) };
}

/** `T *name`: absent is `null`. */
export function optional<T>(codec: Codec<T>): Codec<T | null> {
  return {
    write: (w, v) => {
      w.uint(v === null ? 0 : 1);
      if (v !== null) codec.write(w, v);
    },
    read: (r) => {
      const flag = r.uint();
      if (flag > 1) throw new XdrError(`${flag} is not an XDR optional flag`);
      return flag === 1 ? codec.read(r) : null;
    },
  };
}

/** `T name<max>`: a count, then the elements. */
export function array<T>(codec: Codec<T>, max = 0xffffffff): Codec<T[]> {
  return {
    write: (w, v) => {
      if (v.length > max) throw new XdrError(`${v.length} elements exceed the limit of ${max}`);
      w.uint(v.length);
      for (const item of v) codec.write(w, item);
    },
    read: (r) => {
      const count = r.uint();
      if (count > max) throw new XdrError(`${count} elements exceed the limit of ${max}`);
      const items: T[] = [];
      for (let i = 0; i < count; i++) items.push(codec.read(r));
      return items;
    },
  };
}

/** `T name[size]`: exactly `size` elements, no count. */
export function fixedArray<T>(codec: Codec<T>, size: number): Codec<T[]> {
  return {
    write: (w, v) => {
      if (v.length !== size) throw new XdrError(`expected ${size} elements, got ${v.length}`);
      for (const item of v) codec.write(w, item);
    },
    read: (r) => Array.from({ length: size }, () => codec.read(r)),
  };
}

/** A struct: its fields in declaration order. */
export function struct<T extends object>(fields: { [K in keyof T]-?: Codec<T[K]> }): Codec<T> {
  const entries = Object.entries(fields) as [keyof T & string, Codec<unknown>][];
  return {
    write: (w, v) => {
      for (const [name, codec] of entries) codec.write(w, v[name]);
    },
    read: (r) => {
      const value: Record<string, unknown> = {};
      for (const [name, codec] of entries) value[name] = codec.read(r);
      return value as T;
    },
  };
}

/**
 * A discriminated union: `{ [discriminant]: tag, [arm field]: value }`. Arms
 * without a field (`void`) carry only the tag.
 */
export function union<T extends object>(
  discriminant: string,
  tag: Codec<number>,
  arms: Record<number, [field: string, codec: Codec<unknown>] | null>,
  defaultArm?: [field: string, codec: Codec<unknown>] | null,
): Codec<T> {
  const armOf = (value: number) => {
    const arm = value in arms ? arms[value] : defaultArm;
    if (arm === undefined) throw new XdrError(`${value} is not a case of this XDR union`);
    return arm;
  };
  return {
    write: (w, v) => {
      const record = v as Record<string, unknown>;
      const value = record[discriminant] as number;
      const arm = armOf(value);
      tag.write(w, value);
      if (arm) arm[1].write(w, record[arm[0]]);
    },
    read: (r) => {
      const value = tag.read(r);
      const arm = armOf(value);
      const result: Record<string, unknown> = { [discriminant]: value };
      if (arm) result[arm[0]] = arm[1].read(r);
      return result as T;
    },
  };
}

/** A codec defined later in the same file (for declarations in any order). */
export function lazy<T>(get: () => Codec<T>): Codec<T> {
  return { write: (w, v) => get().write(w, v), read: (r) => get().read(r) };
}

export function encode<T>(codec: Codec<T>, value: T): Buffer {
  const writer = new XdrWriter();
  codec.write(writer, value);
  return Buffer.from(writer.bytes());
}

/** Decodes a whole buffer; trailing bytes are an error. */
export function decode<T>(codec: Codec<T>, bytes: Buffer): T {
  const reader = new XdrReader(bytes);
  const value = codec.read(reader);
  if (!reader.done) throw new XdrError('trailing bytes after the XDR value');
  return value;
}
