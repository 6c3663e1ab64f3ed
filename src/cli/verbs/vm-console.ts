import { connect, type Socket } from 'node:net';
import { locate } from '../../launch/finder.js';
import { tailOfFile } from '../../launch/qemu-process.js';
import { isOurQemu } from '../../launch/state-file.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { isLibvirtTarget } from '../libvirt-target.js';
import { printable } from '../printable.js';
import type { Options } from '../verb.js';
import type { vmConsoleOptions } from '../verb-options.js';

/** Ctrl-], as telnet and virsh console use it. */
const ESCAPE = 0x1d;
const REPLAY_BYTES = 8192;

/**
 * `qmon vm console NAME`: the terminal joined to the guest's serial console
 * (raw mode, Ctrl-] detaches), after replaying the end of `serial.log`. It
 * needs no QMP connection, so other verbs keep working meanwhile; the VM's
 * serial keeper serves any number of consoles at once, each seeing all output.
 */
export async function run(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmConsoleOptions>,
) {
  if (isLibvirtTarget(name!)) return (await import('./libvirt-vm.js')).console(context, name!, {});
  const { paths: where, record } = await locate(name!).catch((error: Error) => {
    throw new UserError(`${printable(name!)}: no VM of that name (${printable(error.message)})`);
  });
  if (record.exit || !isOurQemu(record)) throw new UserError(`${printable(name!)}: not running`);
  if (!record.spec.serial) {
    throw new UserError(`${printable(name!)}: this VM has no serial console`);
  }

  if (options.replay !== false) {
    const recent = await tailOfFile(where.serialLog, REPLAY_BYTES);
    process.stdout.write(recent);
  }
  const socket = await open(where.serial);
  const terminal = process.stdin.isTTY === true;
  context.err(
    `Connected to the serial console of ${printable(record.name)}${terminal ? '; Ctrl-] to detach' : ''}`,
  );

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number, message?: string) => {
      if (done) return;
      done = true;
      process.stdin.off('data', onInput);
      process.stdin.off('end', onEnd);
      if (terminal) process.stdin.setRawMode(false);
      process.stdin.pause();
      socket.destroy();
      if (message) context.err(message);
      resolve(code);
    };
    const onInput = (chunk: Buffer) => {
      const at = terminal ? chunk.indexOf(ESCAPE) : -1;
      if (at < 0) {
        socket.write(chunk);
        return;
      }
      if (at > 0) socket.write(chunk.subarray(0, at));
      finish(0, terminal ? '\r\ndetached' : undefined);
    };
    // Input from a pipe: once it ends, leave (after what was sent has gone out).
    const onEnd = () => socket.end(() => finish(0));
    socket.on('data', (chunk) => process.stdout.write(chunk));
    socket.on('close', () => finish(1, '\r\nqmon: the console closed (the VM stopped?)'));
    socket.on('error', () => {});
    if (terminal) process.stdin.setRawMode(true);
    process.stdin.on('data', onInput);
    process.stdin.on('end', onEnd);
    process.stdin.resume();
  });
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error) =>
      reject(new UserError(`${path}: cannot open the serial console (${error.message})`)),
    );
  });
}
