import { QmonError } from '../session/errors.js';

/** The VM spec holds something that cannot become a safe QEMU argument. */
export class InvalidSpecError extends QmonError {
  constructor(
    /** Where in the spec, e.g. `disks[1].path`. */
    readonly field: string,
    why: string,
  ) {
    super('INVALID_SPEC', `${field}: ${why}`);
  }
}

/** A unix socket path in the runtime folder is longer than the kernel accepts (107 bytes). */
export class SocketPathTooLongError extends QmonError {
  constructor(
    readonly path: string,
    readonly limit: number,
  ) {
    super(
      'SOCKET_PATH_TOO_LONG',
      `${path} is ${Buffer.byteLength(path)} bytes, but unix socket paths are limited to ${limit}; ` +
        'use a shorter VM name or a shorter runtime root (the `runtimeRoot` option or $QMON_RUNTIME_DIR)',
    );
  }
}

/** The runtime folder exists but is not safe to use (wrong owner, open permissions, not a folder). */
export class RuntimeDirError extends QmonError {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super('RUNTIME_DIR_UNSAFE', `${path}: ${why}`);
  }
}

/**
 * Another QEMU with this name is alive, or another process is starting one
 * (`starting`: then `pid` is that process's, when known).
 */
export class VmAlreadyRunningError extends QmonError {
  constructor(
    readonly vmName: string,
    readonly pid: number | undefined,
    readonly starting = false,
  ) {
    const who = starting
      ? `being started by ${pid === undefined ? 'another process' : `pid ${pid}`}`
      : `pid ${pid}`;
    super('VM_ALREADY_RUNNING', `a VM named ${JSON.stringify(vmName)} is already running (${who})`);
  }
}

/** The VM's QEMU still runs, so its runtime folder cannot be removed. */
export class VmStillRunningError extends QmonError {
  constructor(
    readonly vmName: string,
    readonly pid: number,
  ) {
    super(
      'VM_RUNNING',
      `VM ${JSON.stringify(vmName)} is running (pid ${pid}); stop or kill it first`,
    );
  }
}

/**
 * A QEMU socket that serves one client at a time (a monitor, the guest-agent
 * channel) is held by another client, which is not a qmon mux of this VM.
 */
export class ChannelBusyError extends QmonError {
  constructor(
    readonly channel: 'monitor' | 'agent',
    readonly path: string,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    const what = channel === 'monitor' ? 'the QMP monitor' : 'the guest agent channel';
    const hint =
      options.hint ??
      (channel === 'monitor' ? 'close it, or share the monitor with `qmon mux`' : '');
    super(
      channel === 'monitor' ? 'MONITOR_BUSY' : 'AGENT_CHANNEL_BUSY',
      `${path}: another client holds ${what} (QEMU serves one at a time)${hint ? `; ${hint}` : ''}`,
      { cause: options.cause },
    );
  }
}

/** No VM with this name or folder, or its QEMU is gone. */
export class VmNotFoundError extends QmonError {
  constructor(
    readonly where: string,
    why: string,
  ) {
    super('VM_NOT_FOUND', `${where}: ${why}`);
  }
}

/** QEMU exited or failed before it was ready; `stderr` holds what it printed. */
export class QemuStartError extends QmonError {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    options?: { cause?: unknown },
  ) {
    const detail = stderr.trim();
    super('QEMU_START_FAILED', detail ? `${message}: ${detail}` : message, options);
  }
}

/** The operation needs a running QEMU, but it has exited. */
export class VmExitedError extends QmonError {
  constructor(
    readonly vmName: string,
    operation: string,
  ) {
    super('VM_EXITED', `${operation}: VM ${JSON.stringify(vmName)} has exited`);
  }
}

/** An operation waited for QEMU (an event, an exit) longer than its bound. */
export class VmTimeoutError extends QmonError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super('VM_TIMEOUT', `${operation}: not done within ${timeoutMs} ms`);
  }
}

/** Every PCIe root port reserved for hotplug is in use. */
export class NoFreeHotplugPortError extends QmonError {
  constructor(readonly ports: number) {
    super(
      'NO_FREE_HOTPLUG_PORT',
      `all ${ports} hotplug root port(s) are in use; reserve more with the spec's hotplugPorts`,
    );
  }
}

/** A QEMU background job (snapshot save, load or delete) ended with an error. */
export class JobFailedError extends QmonError {
  constructor(
    readonly jobId: string,
    readonly jobType: string,
    readonly reason: string,
  ) {
    super('JOB_FAILED', `${jobType} job ${jobId} failed: ${reason}`);
  }
}

/** KVM was asked for, but the probe showed it does not really work here. */
export class KvmUnusableError extends QmonError {
  constructor(why: string) {
    super('KVM_UNUSABLE', `KVM was requested but is not usable: ${why}`);
  }
}

/** A screendump could not be read or converted. */
export class ScreendumpError extends QmonError {
  constructor(why: string, options?: { cause?: unknown }) {
    super('SCREENDUMP_FAILED', why, options);
  }
}

/** A disk image names a backing file outside the paths its spec allows. */
export class BackingFileNotAllowedError extends QmonError {
  constructor(
    /** Where in the spec, e.g. `disks[0]`. */
    readonly field: string,
    readonly image: string,
    readonly backingFile: string,
  ) {
    super(
      'BACKING_FILE_NOT_ALLOWED',
      `${field}: ${image} names the backing file ${backingFile}, which is not under any of the ` +
        "spec's allowedBackingPaths; allow it there if the guest may read it",
    );
  }
}

/** A disk image cannot be opened safely (unreadable, no recorded backing format, a chain too deep). */
export class DiskImageError extends QmonError {
  constructor(
    readonly field: string,
    readonly image: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super('DISK_IMAGE_REFUSED', `${field}: ${image}: ${why}`, options);
  }
}

/** qmon runs as root, and the unprivileged user QEMU should run as does not exist. */
export class QemuUserError extends QmonError {
  constructor(
    readonly user: string,
    why: string,
  ) {
    super('QEMU_USER_UNUSABLE', `cannot run QEMU as ${JSON.stringify(user)}: ${why}`);
  }
}
