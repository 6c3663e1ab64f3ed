/**
 * Named command groups for `allow` and `deny` (`@host-access`), after Proxmox
 * VE's per-command monitor permissions (`info`/`help` for auditors, the rest
 * only for those who may change the host). One namespace for QMP and HMP
 * names: where both protocols have a command of one name it is one operation.
 */

/**
 * Commands that open host files, sockets or devices, or start host processes,
 * as QEMU's user: anyone who may run them owns that user.
 */
const HOST_ACCESS: readonly string[] = [
  // Migration: `exec:` runs a shell command; `unix:`, `tcp:`, `fd:` reach out of the VM.
  'migrate',
  'migrate_incoming',
  'migrate-incoming',
  'migrate_recover',
  'migrate-recover',
  // Write host files.
  'dump-guest-memory',
  'dumpdtb',
  'logfile',
  'memsave',
  'pmemsave',
  'screendump',
  'wavcapture',
  'snapshot_blkdev',
  'blockdev-snapshot-sync',
  'drive_mirror',
  'drive-mirror',
  'drive_backup',
  'drive-backup',
  'blockdev-create',
  // Open host files, sockets, devices, or run scripts (tap's script=).
  'drive_add',
  'blockdev-add',
  'change',
  'blockdev-change-medium',
  'chardev-add',
  'chardev-change',
  'netdev_add',
  'hostfwd_add',
  'object_add',
  'object-add',
  'device_add',
  'gdbserver',
  'nbd_server_start',
  'nbd-server-start',
  'block-export-add',
  // Take file descriptors from the client.
  'getfd',
  'add-fd',
];

/** QMP commands that change nothing, beyond every `query-*` and `x-query-*`. */
const READ_ONLY_QMP: readonly string[] = [
  'qom-get',
  'qom-list',
  'qom-list-types',
  'qom-list-properties',
  'device-list-properties',
  'trace-event-get-state',
  'x-qmon-mux-stats',
];

/** HMP commands that change nothing. */
const READ_ONLY_HMP: readonly string[] = ['info', 'help'];

export const HOST_ACCESS_COMMANDS: ReadonlySet<string> = new Set(HOST_ACCESS);

export function isReadOnlyQmp(command: string): boolean {
  return (
    command.startsWith('query-') ||
    command.startsWith('x-query-') ||
    READ_ONLY_QMP.includes(command)
  );
}

export function isReadOnlyHmp(canonicalName: string): boolean {
  return READ_ONLY_HMP.includes(canonicalName);
}

/** The groups `@NAME` may name, and what each holds. */
export const POLICY_GROUPS = {
  'host-access': 'commands that open host files, sockets or devices, or run host processes',
  'read-only': 'commands that change nothing (query-*, qom-get, info, help, ...)',
} as const;

export type PolicyGroup = keyof typeof POLICY_GROUPS;

export function isPolicyGroup(name: string): name is PolicyGroup {
  return Object.hasOwn(POLICY_GROUPS, name);
}
