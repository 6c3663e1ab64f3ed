import { options } from './verb.js';

// Every verb's options, declared once: the CLI registers them from here, and each
// verb's code takes `Options<typeof xOptions>`, so a flag and the code reading
// it cannot drift apart.

const timeout = {
  flags: '--timeout <seconds>',
  kind: 'seconds',
  description: 'give up after this many seconds',
} as const;
const json = {
  flags: '--json',
  kind: 'flag',
  description: 'print machine-readable JSON',
} as const;
const agentTimeout = {
  flags: '--timeout <seconds>',
  kind: 'seconds',
  description: 'give up on the agent after this many seconds (30)',
} as const;
const speed = {
  flags: '--speed <bytes>',
  kind: 'string',
  description: 'bytes per second, e.g. 50M (unlimited)',
} as const;

/** How clients of a TCP listener (mux, replay) authenticate: see docs/mux.md. */
export const LISTENER_SECURITY_OPTIONS = options([
  {
    flags: '--tls-creds <dir>',
    kind: 'string',
    description:
      'TLS with client certificates: a folder with ca-cert.pem, server-cert.pem, server-key.pem',
  },
  {
    flags: '--token-file <file>',
    kind: 'string',
    description: 'clients send the token in this 0600 file as their first line (made if missing)',
  },
  {
    flags: '--insecure',
    kind: 'flag',
    description: 'let TCP listeners accept anyone, without authentication (never on shared hosts)',
  },
]);

export const jsonOptions = options([json]);
export const timeoutOptions = options([timeout]);
export const timeoutJsonOptions = options([timeout, json]);
export const speedJsonOptions = options([speed, json]);
export const agentQueryOptions = options([agentTimeout, json]);
export const vmStopOptions = options([
  {
    flags: '--timeout <seconds>',
    kind: 'seconds',
    description: 'seconds for the guest to power off before QEMU is told to quit (30)',
  },
  {
    flags: '--force',
    kind: 'flag',
    description: 'when another client holds the monitor, stop QEMU by SIGTERM, then SIGKILL',
  },
]);

export const vmListOptions = options([
  {
    flags: '-l, --long',
    kind: 'flag',
    description: "also vCPUs, CPU use, memory, RSS, and the guest's OS and addresses",
  },
  json,
]);

export const loginOptions = options([
  { flags: '--user <name>', kind: 'string', description: 'the user name (asked when absent)' },
  {
    flags: '--password-stdin',
    kind: 'flag',
    description: 'read the password from stdin (not asked)',
  },
  {
    flags: '--ca <file>',
    kind: 'string',
    description: "https: trust the daemon's certificate through this CA (PEM)",
  },
  {
    flags: '--fingerprint <sha256>',
    kind: 'string',
    description:
      "https: pin the daemon's certificate if its SHA-256 fingerprint is this (not asked)",
  },
]);

export const execOptions = options([
  { flags: '-H, --hmp', kind: 'flag', description: 'run an HMP command line instead of QMP' },
  { flags: '--pretty', kind: 'flag', description: 'pretty-print the reply' },
  { flags: '--return-value', kind: 'flag', description: 'print only the return value' },
  timeout,
]);

export const eventsOptions = options([
  { flags: '--event <name>', kind: 'strings', description: 'only this event (repeatable)' },
  { flags: '--regex', kind: 'flag', description: 'treat --event as a regular expression' },
  { flags: '--no-case', kind: 'flag', description: 'match --event case-insensitively' },
  { flags: '--loop', kind: 'flag', description: 'keep going after the first matching event' },
  {
    flags: '--timestamp',
    kind: 'flag',
    description: "prefix each event with QEMU's timestamp",
  },
  timeout,
  json,
]);

export const shellOptions = options([
  {
    flags: '-H, --hmp',
    kind: 'flag',
    description: 'start in HMP mode (type /qmp to switch back)',
  },
  {
    flags: '--pretty',
    kind: 'flag',
    description: 'pretty-print replies even when not on a terminal',
  },
  {
    flags: '--log <file>',
    kind: 'string',
    description: 'append a timestamped traffic log of the session to this file',
  },
]);

export const hmpOptions = options([
  {
    flags: '--timeout <seconds>',
    kind: 'seconds',
    description: 'give up on connecting, and on each command, after this many seconds',
  },
]);

export const agentOptions = options([
  { flags: '--pretty', kind: 'flag', description: 'pretty-print the reply' },
  agentTimeout,
]);

export const agentExecOptions = options([
  {
    flags: '--timeout <seconds>',
    kind: 'seconds',
    description: 'give up waiting for the program after this many seconds (30)',
  },
  {
    flags: '--env <name=value>',
    kind: 'strings',
    description: 'set a variable (repeatable); the program gets only these',
  },
  {
    flags: '--stdin',
    kind: 'flag',
    description: "pass qmon's standard input to the program",
  },
  { flags: '--pass-stdin', kind: 'flag', description: 'the same as --stdin' },
]);

export const cpOptions = options([
  agentTimeout,
  {
    flags: '--mode <octal>',
    kind: 'string',
    description: "into the guest: the file's permission bits (default: the host file's)",
  },
  {
    flags: '--special',
    kind: 'flag',
    description: 'to the host: write into an existing device node or fifo instead of refusing it',
  },
]);

export const vmStartOptions = options([
  {
    flags: '--name <name>',
    kind: 'string',
    description: 'the VM name (overrides the spec file)',
  },
  {
    flags: '--demo',
    kind: 'flag',
    description: "boot qmon's demo guest (built once, then cached)",
  },
  { flags: '--memory <MiB>', kind: 'string', description: 'memory size' },
  { flags: '--cpus <n>', kind: 'string', description: 'number of virtual CPUs' },
  {
    flags: '--machine <type>',
    kind: 'string',
    description: 'machine type (q35; none for an empty one)',
  },
  {
    flags: '--disk <path>',
    kind: 'strings',
    description: 'attach a disk image (repeatable; qcow2 by extension, else raw)',
  },
  { flags: '--paused', kind: 'flag', description: 'start with the CPUs stopped' },
  {
    flags: '--vga <model>',
    kind: 'string',
    description: 'the display: std, virtio, cirrus or none (the demo guest has none)',
  },
  {
    flags: '--wait-agent [seconds]',
    kind: 'optional',
    description: 'then wait until the guest agent answers (60 s)',
  },
  {
    flags: '--timeout <seconds>',
    kind: 'seconds',
    description: 'seconds for QEMU to come up (10)',
  },
  json,
]);

export const vmAttachDeviceOptions = options([
  {
    flags: '--driver <driver>',
    kind: 'string',
    description: 'the device model, e.g. virtio-net-pci',
  },
  {
    flags: '--id <id>',
    kind: 'string',
    description: 'the device id (generated when absent)',
  },
  {
    flags: '--prop <key=value>',
    kind: 'strings',
    description: "a device property, typed by the device's own property types (repeatable)",
  },
  timeout,
  json,
]);

export const vmBackupOptions = options([
  {
    flags: '--disk <disk>',
    kind: 'string',
    description: 'the disk: node name or device id',
  },
  { flags: '--to <file>', kind: 'string', description: 'the qcow2 file to write' },
  {
    flags: '--incremental',
    kind: 'flag',
    description: 'only what changed since the last backup',
  },
  {
    flags: '--base <file>',
    kind: 'string',
    description: 'incremental: the previous backup, as backing',
  },
  {
    flags: '--freeze',
    kind: 'flag',
    description: "freeze the guest's filesystems while it starts",
  },
  speed,
  json,
]);

export const vmJobsOptions = options([
  { flags: '--watch', kind: 'flag', description: 'print them again every second' },
  json,
]);

export const vmMigrateOptions = options([
  {
    flags: '--to <uri>',
    kind: 'string',
    description:
      "unix:PATH or tcp:HOST:PORT (loopback only); with --start, default: a socket in the new VM's folder; through a fleet daemon, the destination host",
  },
  {
    flags: '--start <new-name>',
    kind: 'string',
    description: 'start the destination VM NEW-NAME first',
  },
  timeout,
  json,
]);

export const vmRestoreOptions = options([
  { flags: '--name <name>', kind: 'string', description: 'another name for it' },
  timeout,
  json,
]);

export const vmConsoleOptions = options([
  {
    flags: '--no-replay',
    kind: 'flag',
    description: 'do not print the recent console output first',
  },
]);

export const serveOptions = options([
  {
    flags: '--listen <host:port>',
    kind: 'string',
    description: 'where the API listens (127.0.0.1:8480)',
  },
  {
    flags: '--state-dir <dir>',
    kind: 'string',
    description: 'database and certificates (/var/lib/qmon as root, else $XDG_STATE_HOME/qmon)',
  },
  {
    flags: '--tls-cert <file>',
    kind: 'string',
    description:
      'TLS certificate (PEM); a non-loopback --listen without one gets a self-signed one',
  },
  { flags: '--tls-key <file>', kind: 'string', description: 'TLS private key (PEM)' },
  {
    flags: '--init-admin <name>',
    kind: 'string',
    description:
      'create this admin user first; password from $QMON_ADMIN_PASSWORD, else printed once',
  },
  {
    flags: '--libvirt <uri>',
    kind: 'strings',
    description:
      "list and drive this libvirt connection's domains beside qmon's own VMs (repeatable)",
  },
  {
    flags: '--print-unit',
    kind: 'flag',
    description: 'print a systemd unit for these options and exit',
  },
  {
    flags: '--print-host-id',
    kind: 'flag',
    description:
      "print this host's id in the fleet (made with the state folder if new) and exit: the NATS permissions name it",
  },
  {
    flags: '--fleet <urls>',
    kind: 'string',
    description: 'join the fleet through these NATS servers (nats://h1:4222,nats://h2:4222)',
  },
  {
    flags: '--host-name <name>',
    kind: 'string',
    description: "this host's name in the fleet (the hostname)",
  },
  {
    flags: '--fleet-creds <file>',
    kind: 'string',
    description: "this host's NATS credentials file",
  },
  {
    flags: '--fleet-nkey <file>',
    kind: 'string',
    description: "a file holding this host's NATS nkey seed (SU...)",
  },
  {
    flags: '--fleet-user <name>',
    kind: 'string',
    description: "this host's NATS user (password: $QMON_FLEET_PASSWORD)",
  },
  {
    flags: '--fleet-ca <file>',
    kind: 'string',
    description: "CA (PEM) the NATS servers' certificates are checked against",
  },
  {
    flags: '--fleet-cert <file>',
    kind: 'string',
    description: "this host's TLS client certificate for NATS (PEM)",
  },
  {
    flags: '--fleet-key <file>',
    kind: 'string',
    description: "this host's TLS client key for NATS (PEM)",
  },
  {
    flags: '--fleet-address <host>',
    kind: 'string',
    description:
      "where other hosts send live migrations, over TLS with this host's fleet pair (default: the certificate's first name)",
  },
  {
    flags: '--fleet-replicas <n>',
    kind: 'string',
    description: 'replicas of the fleet store when this host creates it (3; 1 for one NATS server)',
  },
]);

export const muxOptions = options([
  {
    flags: '--listen <address>',
    kind: 'strings',
    description: 'a QMP listener: unix:PATH, a path, or tcp:HOST:PORT (repeatable)',
  },
  {
    flags: '--hmp <address>',
    kind: 'strings',
    description: 'an HMP (qemu) console listener (repeatable)',
  },
  ...LISTENER_SECURITY_OPTIONS,
  {
    flags: '--group <group>',
    kind: 'string',
    description: 'unix listeners: members of this group may connect too (mode 0660)',
  },
  {
    flags: '--read-only',
    kind: 'flag',
    description: 'listeners accept only commands that change nothing (query-*, info, ...)',
  },
  {
    flags: '--allow <command>',
    kind: 'strings',
    description: 'run only these commands: names, prefix*, @read-only (repeatable)',
  },
  {
    flags: '--deny <command>',
    kind: 'strings',
    description: 'refuse a command (QMP or HMP), a prefix*, or @host-access (repeatable)',
  },
  {
    flags: '--allow-quit',
    kind: 'flag',
    description: 'let clients send quit (refused by default)',
  },
  {
    flags: '--wait',
    kind: 'flag',
    description: 'when QEMU goes away, wait for it to come back instead of exiting',
  },
  {
    flags: '--log <file>',
    kind: 'string',
    description: "append every client's traffic to this file",
  },
]);

export const replayOptions = options([
  {
    flags: '--listen <address>',
    kind: 'string',
    description: 'where clients connect: unix:PATH, a path, or tcp:HOST:PORT',
  },
  {
    flags: '--client <name>',
    kind: 'string',
    description: "which client's session to replay from a mux traffic log",
  },
  ...LISTENER_SECURITY_OPTIONS,
]);

export const schemaDiffOptions = options([
  {
    flags: '--from <version>',
    kind: 'string',
    description: 'a bundled QEMU version, e.g. 7.2',
  },
  {
    flags: '--to <version>',
    kind: 'string',
    description: 'a bundled QEMU version, e.g. 10.0',
  },
  json,
]);

export const schemaGenerateOptions = options([
  {
    flags: '--source <dir>',
    kind: 'string',
    description: 'a QEMU source tree (with qapi/ and qga/)',
  },
  { flags: '--out <dir>', kind: 'string', description: 'the folder to write into' },
  {
    flags: '--version <version>',
    kind: 'string',
    description: 'the QEMU version it is, e.g. 7.2',
  },
  {
    flags: '--profile <name>',
    kind: 'string',
    description:
      "the build profile deciding the schema's conditions (default debian-bookworm-amd64; debian-bookworm-backports-amd64 for 10.0)",
  },
]);
