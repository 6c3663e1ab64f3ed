import { existsSync } from 'node:fs';
import { runtimePaths } from '../launch/runtime-dir.js';
import type { MuxListenerOptions } from '../mux/mux.js';

/** The runtime folder's `mux.sock` of a VM named `target`, when `target` names one. */
function vmMuxSocket(target: string): string | undefined {
  if (target.includes('/') || /^(unix|tcp):/.test(target)) return undefined;
  try {
    const paths = runtimePaths(target);
    return existsSync(paths.stateFile) ? paths.mux : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For `qmon mux VM`: one more listener, `mux.sock` in the VM's runtime folder
 * (0600 in a 0700 folder, so only this user), through which name-based verbs
 * reach QEMU while the mux holds its monitor. It may quit the VM (`vm stop`).
 * The mux removes it when it stops; a left-over one only refuses connections.
 */
export function vmMuxListeners(target: string): MuxListenerOptions[] {
  const path = vmMuxSocket(target);
  return path ? [{ address: `unix:${path}`, protocol: 'qmp', name: 'vm', allowQuit: true }] : [];
}

/** Where a name-based verb reaches a VM's monitor: its mux's socket when one answers, else `resolved`. */
export function preferVmMux(target: string, resolved: string): string {
  const path = vmMuxSocket(target);
  return path !== undefined && resolved === runtimePaths(target).qmp && existsSync(path)
    ? path
    : resolved;
}

/** Where a name-based agent verb reaches a VM's agent: the daemon's proxy when one runs, else `resolved`. */
export function preferDaemonAgent(target: string, resolved: string): string {
  if (target.includes('/') || /^(unix|tcp|libvirt):/.test(target)) return resolved;
  try {
    const paths = runtimePaths(target);
    return resolved === paths.qga && existsSync(paths.agent) ? paths.agent : resolved;
  } catch {
    return resolved;
  }
}
