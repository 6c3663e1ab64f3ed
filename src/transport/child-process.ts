import type { ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';

/**
 * The stdio of a spawned QEMU (`-qmp stdio`, or `-chardev stdio,id=m -mon chardev=m,mode=control`)
 * as one Duplex: writes go to its stdin, reads come from its stdout.
 * Spawn it with `stdio: ['pipe', 'pipe', ...]`.
 */
export function childProcessStream(child: ChildProcess): Duplex {
  if (!child.stdin || !child.stdout)
    throw new TypeError('the child process needs piped stdin and stdout');
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // QEMU exiting closes stdout; the stream must then close even if stdin stays open.
  child.once('exit', (code, signal) => {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    setImmediate(() => stream.destroy(new Error(`QEMU ${how}`)));
  });
  return stream;
}
