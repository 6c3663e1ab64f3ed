import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  qemuDomainMonitorEventMsg,
  remoteTypedParam,
  virNetMessageError,
} from '../../src/libvirt/generated/protocol.js';
import { encodeMessage, RpcFrameDecoder } from '../../src/libvirt/rpc-message.js';
import * as xdr from '../../src/libvirt/xdr.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('XDR codec', () => {
  it('writes integers big-endian, strings padded to 4 bytes, optionals as a flag', () => {
    assert.deepEqual(xdr.encode(xdr.int, -2), hex('fffffffe'));
    assert.deepEqual(xdr.encode(xdr.uhyper, 2n ** 63n + 5n), hex('8000000000000005'));
    assert.deepEqual(xdr.encode(xdr.string(), 'abcde'), hex('00000005 6162636465 000000'));
    assert.deepEqual(xdr.encode(xdr.string(), 'abcd'), hex('00000004 61626364'));
    assert.deepEqual(xdr.encode(xdr.optional(xdr.string()), null), hex('00000000'));
    assert.deepEqual(
      xdr.encode(xdr.optional(xdr.string()), 'a'),
      hex('00000001 00000001 61000000'),
    );
    assert.deepEqual(xdr.encode(xdr.array(xdr.uint), [1, 2]), hex('00000002 00000001 00000002'));
  });

  it("decodes libvirt's error body (virNetMessageError) byte for byte", () => {
    const body = hex(`
      0000002a 0000000a
      00000001 00000005 6e6f706521000000
      00000002
      00000000 00000000 00000000 00000000
      00000007 fffffff9
      00000000`);
    assert.deepEqual(xdr.decode(virNetMessageError, body), {
      code: 42,
      domain: 10,
      message: 'nope!',
      level: 2,
      dom: null,
      str1: null,
      str2: null,
      str3: null,
      int1: 7,
      int2: -7,
      net: null,
    });
  });

  it('decodes a QEMU monitor event with its hyper seconds and optional details', () => {
    const uuid = Buffer.alloc(16, 0xab);
    const value = {
      callbackID: 3,
      dom: { name: 'vm1', uuid, id: 4 },
      event: 'STOP',
      seconds: 1_700_000_000n,
      micros: 12,
      details: null,
    };
    const bytes = xdr.encode(qemuDomainMonitorEventMsg, value);
    assert.equal(bytes.length, 4 + (4 + 4) + 16 + 4 + (4 + 4) + 8 + 4 + 4);
    assert.deepEqual(xdr.decode(qemuDomainMonitorEventMsg, bytes), value);
  });

  it('round-trips a typed parameter union and refuses an unknown case', () => {
    const param = { field: 'state.state', value: { type: 1 as const, i: 3 } };
    const bytes = xdr.encode(remoteTypedParam, param);
    assert.deepEqual(xdr.decode(remoteTypedParam, bytes), param);
    const unknown = Buffer.from(bytes);
    unknown.writeUInt32BE(99, 4 + 12);
    assert.throws(() => xdr.decode(remoteTypedParam, unknown), { code: 'LIBVIRT_PROTOCOL' });
  });

  it('refuses truncated data, oversize strings, bad bools and trailing bytes', () => {
    assert.throws(() => xdr.decode(xdr.string(), hex('00000005 6162')), /truncated/);
    assert.throws(
      () => xdr.decode(xdr.string(3), hex('00000004 61626364')),
      /exceed the limit of 3/,
    );
    assert.throws(() => xdr.decode(xdr.bool, hex('00000002')), /not an XDR bool/);
    assert.throws(() => xdr.decode(xdr.int, hex('00000001 00')), /trailing bytes/);
    assert.throws(() => xdr.encode(xdr.int, 2 ** 31), /not a 32-bit signed integer/);
  });
});

describe('RPC framing', () => {
  const header = { program: 0x20008086, version: 1, procedure: 23, type: 1, serial: 9, status: 0 };

  it('writes a length that counts itself, then the six header words', () => {
    assert.deepEqual(
      encodeMessage(header, hex('cafe0000')),
      hex('00000020 20008086 00000001 00000017 00000001 00000009 00000000 cafe0000'),
    );
  });

  it('finds the same messages however the bytes are split', () => {
    const stream = Buffer.concat([
      encodeMessage(header, hex('01020304')),
      encodeMessage({ ...header, serial: 10, status: 1 }, Buffer.alloc(0)),
      encodeMessage({ ...header, serial: 11 }, Buffer.alloc(40, 7)),
    ]);
    for (let size = 1; size <= stream.length; size++) {
      const decoder = new RpcFrameDecoder();
      const messages = [];
      for (let at = 0; at < stream.length; at += size)
        messages.push(...decoder.push(stream.subarray(at, at + size)));
      assert.deepEqual(
        messages.map((m) => [m.serial, m.status, m.body.length]),
        [
          [9, 0, 4],
          [10, 1, 0],
          [11, 0, 40],
        ],
        `chunks of ${size}`,
      );
    }
  });

  it('refuses a length below the header size or above 32 MiB', () => {
    assert.throws(
      () => new RpcFrameDecoder().push(hex('00000004')),
      /bad libvirt message length 4/,
    );
    assert.throws(() => new RpcFrameDecoder().push(hex('02000001')), /bad libvirt message length/);
  });
});
