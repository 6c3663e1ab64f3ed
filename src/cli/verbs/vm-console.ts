import { connect, type Socket } from 'node:net';
import { locate } from '../../launch/finder.js';
import { tailOfFile } from '../../launch/qemu-process.js';
import { isOurQemu } from '../../launch/state-file.js';
import { attachTerminal } from '../attach-terminal.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { isLibvirtTarget } from '../libvirt-target.js';
import { printable } from '../printable.js';
import type { Options } from '../verb.js';
import type { vmConsoleOptions } from '../verb-options.js';

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
  return attachTerminal(context, socket, {
    what: `the serial console of ${printable(record.name)}`,
    closed: 'the console closed (the VM stopped?)',
    // Input from a pipe: once it ends, leave after what was sent has gone out.
    onInputEnd: (stream, finish) => stream.end(finish),
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
