import type { VerbRun, VerbSpec } from './verb.js';

const timeout = { flags: '--timeout <seconds>', description: 'give up after this many seconds' };
const json = { flags: '--json', description: 'print machine-readable JSON' };
const agentTimeout = {
  flags: '--timeout <seconds>',
  description: 'give up on the agent after this many seconds (30)',
};

/** A verb whose code is one named export of a shared file. */
function named<K extends string>(
  load: () => Promise<Record<K, VerbRun>>,
  name: K,
): () => Promise<{ run: VerbRun }> {
  return async () => ({ run: (await load())[name] });
}

const agentInfo = () => import('./verbs/agent-info.js');
const vmControl = () => import('./verbs/vm-control.js');
const vmSnapshot = () => import('./verbs/vm-snapshot.js');
const vmDevice = () => import('./verbs/vm-device.js');
const vmDisk = () => import('./verbs/vm-disk.js');
const vmJobs = () => import('./verbs/vm-jobs.js');
const vmMigrate = () => import('./verbs/vm-migrate.js');
const speed = { flags: '--speed <bytes>', description: 'bytes per second, e.g. 50M (unlimited)' };

/** `qmon agent ping TARGET` and its siblings: one agent query, printed for people or as JSON. */
function agentQuery(
  name: 'ping' | 'info' | 'osinfo' | 'ifaces' | 'users' | 'fsinfo' | 'time',
  summary: string,
): VerbSpec {
  return {
    name,
    summary,
    arguments: ['<target>'],
    options: [agentTimeout, json],
    examples: [`qmon agent ${name} vm0`, `qmon agent ${name} unix:/run/vm0/qga.sock --json`],
    load: named(agentInfo, name),
  };
}

/** `qmon vm pause NAME` and its siblings. */
function vmOperation(
  name: 'status' | 'stop' | 'kill' | 'pause' | 'resume' | 'reset',
  summary: string,
  options: VerbSpec['options'] = [],
): VerbSpec {
  return {
    name,
    summary,
    arguments: ['<name>'],
    options,
    examples: [`qmon vm ${name} vm0`],
    load: named(vmControl, name),
  };
}

/** Every `qmon` verb. Implementations load lazily so `qmon` starts fast. */

/** How clients of a TCP listener (mux, replay) authenticate: see docs/mux.md. */
const LISTENER_SECURITY_OPTIONS = [
  {
    flags: '--tls-creds <dir>',
    description:
      'TLS with client certificates: a folder with ca-cert.pem, server-cert.pem, server-key.pem',
  },
  {
    flags: '--token-file <file>',
    description: 'clients send the token in this 0600 file as their first line (made if missing)',
  },
  {
    flags: '--insecure',
    description: 'let TCP listeners accept anyone, without authentication (never on shared hosts)',
  },
];

export const verbs: VerbSpec[] = [
  {
    name: 'exec',
    summary:
      'run a QMP command (or an HMP command line with --hmp), like virsh qemu-monitor-command',
    arguments: ['<target>', '<command...>'],
    options: [
      { flags: '-H, --hmp', description: 'run an HMP command line instead of QMP' },
      { flags: '--pretty', description: 'pretty-print the reply' },
      { flags: '--return-value', description: 'print only the return value' },
      timeout,
    ],
    examples: [
      `qmon exec vm0 query-status`,
      `qmon exec vm0 '{"execute":"query-block"}'`,
      `qmon exec vm0 qom-list '{"path":"/machine"}'`,
      `qmon exec vm0 device_add driver=virtio-net-pci id=n1 bus=qmon-hp1`,
      `qmon exec vm0 --hmp info network`,
      `qmon exec unix:/run/vm0/qmp.sock query-version --return-value --pretty`,
    ],
    load: () => import('./verbs/exec.js'),
  },
  {
    name: 'events',
    summary: 'print QMP events as they arrive, like virsh qemu-monitor-event',
    arguments: ['<target>'],
    options: [
      { flags: '--event <name>', description: 'only this event (repeatable)', repeatable: true },
      { flags: '--regex', description: 'treat --event as a regular expression' },
      { flags: '--no-case', description: 'match --event case-insensitively' },
      { flags: '--loop', description: 'keep going after the first matching event' },
      { flags: '--timestamp', description: "prefix each event with QEMU's timestamp" },
      timeout,
      json,
    ],
    examples: [
      'qmon events vm0 --loop',
      'qmon events vm0 --event SHUTDOWN --timeout 60',
      'qmon events vm0 --event "BLOCK_.*" --regex --loop --json',
    ],
    load: () => import('./verbs/events.js'),
  },
  {
    name: 'shell',
    summary:
      'an interactive QMP shell (qmp-shell, better): completion from the live schema, history, events as they come',
    arguments: ['<target>'],
    options: [
      { flags: '-H, --hmp', description: 'start in HMP mode (type /qmp to switch back)' },
      { flags: '--pretty', description: 'pretty-print replies even when not on a terminal' },
      {
        flags: '--log <file>',
        description: 'append a timestamped traffic log of the session to this file',
      },
    ],
    examples: [
      'qmon shell vm0',
      'qmon shell unix:/run/vm0/qmp.sock -H',
      "echo 'query-status' | qmon shell vm0",
    ],
    load: () => import('./verbs/shell.js'),
  },
  {
    name: 'hmp',
    summary:
      "the VM's (qemu) human monitor, interactively: line editing and history here, output as QEMU prints it",
    arguments: ['<target>'],
    options: [
      {
        flags: '--timeout <seconds>',
        description: 'give up on connecting, and on each command, after this many seconds',
      },
    ],
    examples: [
      'qmon hmp vm0',
      'qmon hmp unix:/run/vm0/hmp.sock',
      "printf 'info status\\ninfo block\\n' | qmon hmp vm0",
    ],
    load: () => import('./verbs/hmp.js'),
  },
  {
    name: 'agent',
    summary:
      'run a guest-agent command (like virsh qemu-agent-command), or one of the sub-commands below',
    arguments: ['<target>', '<command...>'],
    options: [{ flags: '--pretty', description: 'pretty-print the reply' }, agentTimeout],
    examples: [
      `qmon agent vm0 guest-info`,
      `qmon agent vm0 '{"execute":"guest-get-host-name"}'`,
      `qmon agent vm0 guest-file-open '{"path":"/etc/hostname"}' --pretty`,
      'qmon agent exec vm0 -- uname -a',
      'qmon agent ifaces vm0',
    ],
    load: () => import('./verbs/agent.js'),
    verbs: [
      agentQuery('ping', 'check that the guest agent answers'),
      agentQuery('info', "the agent's version and commands"),
      agentQuery('osinfo', "the guest's operating system"),
      agentQuery('ifaces', "the guest's network interfaces and addresses"),
      agentQuery('users', 'the users logged in to the guest'),
      agentQuery('fsinfo', "the guest's mounted filesystems"),
      agentQuery('time', "the guest's clock, and how far it is from the host's"),
      {
        name: 'exec',
        summary: "run a program in the guest; its output becomes ours, its exit code qmon's",
        arguments: ['<target>', '<program>', '[args...]'],
        options: [
          {
            flags: '--timeout <seconds>',
            description: 'give up waiting for the program after this many seconds (30)',
          },
          {
            flags: '--env <name=value>',
            description: 'set a variable (repeatable); the program gets only these',
            repeatable: true,
          },
          { flags: '--stdin', description: "pass qmon's standard input to the program" },
          { flags: '--pass-stdin', description: 'the same as --stdin' },
        ],
        examples: [
          'qmon agent exec vm0 -- uname -a',
          'qmon agent exec vm0 --env LANG=C -- /bin/sh -c "df -h /"',
          'echo hello | qmon agent exec vm0 --stdin -- /bin/cat',
        ],
        load: () => import('./verbs/agent-exec.js'),
      },
    ],
  },
  {
    name: 'cp',
    summary:
      'copy a file between the host and a guest through the guest agent (TARGET:PATH is the guest side)',
    arguments: ['<source>', '<destination>'],
    options: [
      agentTimeout,
      {
        flags: '--mode <octal>',
        description: "into the guest: the file's permission bits (default: the host file's)",
      },
      {
        flags: '--special',
        description:
          'to the host: write into an existing device node or fifo instead of refusing it',
      },
    ],
    examples: [
      'qmon cp vm0:/etc/os-release ./os-release',
      'qmon cp ./tool vm0:/usr/local/bin/tool --mode 0755',
      'qmon cp ./data.tar vm0:/tmp/',
      'qmon cp unix:/run/vm0/qga.sock:/etc/os-release .',
    ],
    load: () => import('./verbs/cp.js'),
  },
  {
    name: 'vm',
    summary: 'start VMs in the background and manage them by name',
    verbs: [
      {
        name: 'start',
        summary:
          'start a VM from a spec file, flags, or the demo guest; QEMU keeps running after qmon exits',
        arguments: ['[spec]'],
        options: [
          { flags: '--name <name>', description: 'the VM name (overrides the spec file)' },
          { flags: '--demo', description: "boot qmon's demo guest (built once, then cached)" },
          { flags: '--memory <MiB>', description: 'memory size' },
          { flags: '--cpus <n>', description: 'number of virtual CPUs' },
          { flags: '--machine <type>', description: 'machine type (q35; none for an empty one)' },
          {
            flags: '--disk <path>',
            description: 'attach a disk image (repeatable; qcow2 by extension, else raw)',
            repeatable: true,
          },
          { flags: '--paused', description: 'start with the CPUs stopped' },
          {
            flags: '--vga <model>',
            description: 'the display: std, virtio, cirrus or none (the demo guest has none)',
          },
          {
            flags: '--wait-agent [seconds]',
            description: 'then wait until the guest agent answers (60 s)',
          },
          {
            flags: '--timeout <seconds>',
            description: 'seconds for QEMU to come up (10)',
          },
          json,
        ],
        examples: [
          'qmon vm start --demo --name demo --wait-agent',
          'qmon vm start vm0.json',
          'qmon vm start --name vm0 --memory 512 --disk vm0.qcow2 --paused',
        ],
        load: () => import('./verbs/vm-start.js'),
      },
      {
        name: 'list',
        summary: 'the VMs in the runtime folder, with state, pid and QEMU version',
        options: [json],
        examples: ['qmon vm list', 'qmon vm list --json'],
        load: () => import('./verbs/vm-list.js'),
      },
      vmOperation('status', "a VM's state, pid, QEMU version and uptime", [json]),
      vmOperation('stop', 'shut down gracefully: ACPI power-down, then quit, then kill', [
        {
          flags: '--timeout <seconds>',
          description: 'seconds for the guest to power off before QEMU is told to quit (30)',
        },
        {
          flags: '--force',
          description: 'when another client holds the monitor, stop QEMU by SIGTERM, then SIGKILL',
        },
      ]),
      vmOperation('kill', 'stop QEMU at once (SIGKILL to its verified pid; needs no monitor)'),
      {
        name: 'rm',
        summary: "remove stopped or crashed VMs' runtime folders (logs, state, leftovers)",
        arguments: ['<names...>'],
        examples: ['qmon vm rm vm0'],
        load: named(vmControl, 'remove'),
      },
      vmOperation('pause', "stop the VM's CPUs"),
      vmOperation('resume', "restart the VM's CPUs"),
      vmOperation('reset', 'reset the VM, as the reset button does'),
      {
        name: 'snapshot',
        summary: 'internal snapshots (VM state and disks), kept in the qcow2 disks',
        verbs: [
          ...(['save', 'load', 'delete'] as const).map(
            (name): VerbSpec => ({
              name,
              summary: `${name} the snapshot TAG`,
              arguments: ['<name>', '<tag>'],
              options: [timeout],
              examples: [`qmon vm snapshot ${name} vm0 before-upgrade`],
              load: named(vmSnapshot, name === 'delete' ? 'remove' : name),
            }),
          ),
          {
            name: 'list',
            summary: "a VM's snapshots",
            arguments: ['<name>'],
            options: [json],
            examples: ['qmon vm snapshot list vm0'],
            load: named(vmSnapshot, 'list'),
          },
        ],
      },
      {
        name: 'screenshot',
        summary: "save the VM's display as PNG",
        arguments: ['<name>', '<file>'],
        options: [json],
        examples: ['qmon vm screenshot vm0 screen.png'],
        load: () => import('./verbs/vm-screenshot.js'),
      },
      {
        name: 'attach-device',
        summary: 'hot-plug a device (into a free PCIe root port on q35)',
        arguments: ['<name>'],
        options: [
          { flags: '--driver <driver>', description: 'the device model, e.g. virtio-net-pci' },
          { flags: '--id <id>', description: 'the device id (generated when absent)' },
          {
            flags: '--prop <key=value>',
            description: "a device property, typed by the device's own property types (repeatable)",
            repeatable: true,
          },
          timeout,
          json,
        ],
        examples: [
          'qmon vm attach-device vm0 --driver virtio-rng-pci --id rng0',
          'qmon vm attach-device vm0 --driver virtio-net-pci --id n1 --prop netdev=u1',
        ],
        load: named(vmDevice, 'attach'),
      },
      {
        name: 'detach-device',
        summary: 'hot-unplug a device and wait until QEMU reports it gone',
        arguments: ['<name>', '<id>'],
        options: [timeout],
        examples: ['qmon vm detach-device vm0 rng0'],
        load: named(vmDevice, 'detach'),
      },
      {
        name: 'backup',
        summary: "back up a running VM's disk to a qcow2 file (full, or incremental on top)",
        arguments: ['<name>'],
        options: [
          { flags: '--disk <disk>', description: 'the disk: node name or device id' },
          { flags: '--to <file>', description: 'the qcow2 file to write' },
          { flags: '--incremental', description: 'only what changed since the last backup' },
          { flags: '--base <file>', description: 'incremental: the previous backup, as backing' },
          { flags: '--freeze', description: "freeze the guest's filesystems while it starts" },
          speed,
          json,
        ],
        examples: [
          'qmon vm backup vm0 --disk disk0 --to full.qcow2',
          'qmon vm backup vm0 --disk disk0 --to inc1.qcow2 --incremental --base full.qcow2',
        ],
        load: () => import('./verbs/vm-backup.js'),
      },
      {
        name: 'disk',
        summary: "a running VM's disks: mirror, external snapshot, commit, stream, resize",
        verbs: [
          {
            name: 'mirror',
            summary: 'copy the disk to a new qcow2 file and switch the VM over to it',
            arguments: ['<name>', '<disk>', '<file>'],
            options: [speed, json],
            examples: ['qmon vm disk mirror vm0 disk0 /fast/disk0.qcow2'],
            load: named(vmDisk, 'mirror'),
          },
          {
            name: 'snapshot',
            summary: 'put a new qcow2 overlay on top of the disk (the image below turns read-only)',
            arguments: ['<name>', '<disk>', '<file>'],
            options: [json],
            examples: ['qmon vm disk snapshot vm0 disk0 overlay.qcow2'],
            load: named(vmDisk, 'snapshot'),
          },
          {
            name: 'commit',
            summary: "commit the disk's top image into its backing image and switch to that",
            arguments: ['<name>', '<disk>'],
            options: [speed, json],
            examples: ['qmon vm disk commit vm0 disk0'],
            load: named(vmDisk, 'commit'),
          },
          {
            name: 'stream',
            summary: "copy the backing chain into the disk's top image",
            arguments: ['<name>', '<disk>'],
            options: [speed, json],
            examples: ['qmon vm disk stream vm0 disk0'],
            load: named(vmDisk, 'stream'),
          },
          {
            name: 'resize',
            summary: 'change the size of the disk as the guest sees it',
            arguments: ['<name>', '<disk>', '<size>'],
            options: [json],
            examples: ['qmon vm disk resize vm0 disk0 20G'],
            load: named(vmDisk, 'resize'),
          },
        ],
      },
      {
        name: 'jobs',
        summary: "a VM's block jobs with their progress",
        arguments: ['<name>'],
        options: [{ flags: '--watch', description: 'print them again every second' }, json],
        examples: ['qmon vm jobs vm0', 'qmon vm jobs vm0 --watch'],
        load: named(vmJobs, 'list'),
      },
      {
        name: 'job',
        summary: 'cancel, pause or resume a block job',
        verbs: (['cancel', 'pause', 'resume'] as const).map(
          (name): VerbSpec => ({
            name,
            summary: `${name} the job JOB`,
            arguments: ['<name>', '<job>'],
            examples: [`qmon vm job ${name} vm0 backup-disk0-3f9a1c`],
            load: named(vmJobs, name),
          }),
        ),
      },
      {
        name: 'migrate',
        summary: 'live-migrate the VM to another QEMU on this machine; the source then quits',
        arguments: ['<name>'],
        options: [
          {
            flags: '--to <uri>',
            description:
              "unix:PATH or tcp:HOST:PORT (loopback only); with --start, default: a socket in the new VM's folder",
          },
          { flags: '--start <new-name>', description: 'start the destination VM NEW-NAME first' },
          timeout,
          json,
        ],
        examples: [
          'qmon vm migrate vm0 --start vm0b',
          'qmon vm migrate vm0 --to tcp:127.0.0.1:4444',
        ],
        load: named(vmMigrate, 'migrate'),
      },
      {
        name: 'save',
        summary: "save the VM's RAM and device state to FILE (spec in FILE.vm.json) and stop it",
        arguments: ['<name>', '<file>'],
        options: [timeout, json],
        examples: ['qmon vm save vm0 vm0.state'],
        load: named(vmMigrate, 'save'),
      },
      {
        name: 'restore',
        summary: 'start a VM saved by qmon vm save, where it left off',
        arguments: ['<file>'],
        options: [{ flags: '--name <name>', description: 'another name for it' }, timeout, json],
        examples: ['qmon vm restore vm0.state'],
        load: named(vmMigrate, 'restore'),
      },
      {
        name: 'console',
        summary:
          "attach the terminal to the guest's serial console (Ctrl-] detaches), like virsh console",
        arguments: ['<name>'],
        options: [
          { flags: '--no-replay', description: 'do not print the recent console output first' },
        ],
        examples: ['qmon vm console vm0'],
        load: () => import('./verbs/vm-console.js'),
      },
    ],
  },
  {
    name: 'serve',
    summary: 'run the daemon: owns every VM on this host, keeps their definitions, serves the API',
    options: [
      { flags: '--listen <host:port>', description: 'where the API listens (127.0.0.1:8480)' },
      {
        flags: '--state-dir <dir>',
        description: 'database and certificates (/var/lib/qmon as root, else $XDG_STATE_HOME/qmon)',
      },
      {
        flags: '--tls-cert <file>',
        description:
          'TLS certificate (PEM); a non-loopback --listen without one gets a self-signed one',
      },
      { flags: '--tls-key <file>', description: 'TLS private key (PEM)' },
      {
        flags: '--init-admin <name>',
        description:
          'create this admin user first; password from $QMON_ADMIN_PASSWORD, else printed once',
      },
      { flags: '--print-unit', description: 'print a systemd unit for these options and exit' },
      {
        flags: '--fleet <urls>',
        description: 'join the fleet through these NATS servers (nats://h1:4222,nats://h2:4222)',
      },
      { flags: '--host-name <name>', description: "this host's name in the fleet (the hostname)" },
      { flags: '--fleet-creds <file>', description: "this host's NATS credentials file" },
      {
        flags: '--fleet-user <name>',
        description: "this host's NATS user (password: $QMON_FLEET_PASSWORD)",
      },
      {
        flags: '--fleet-ca <file>',
        description: "CA (PEM) the NATS servers' certificates are checked against",
      },
      {
        flags: '--fleet-cert <file>',
        description: "this host's TLS client certificate for NATS (PEM)",
      },
      { flags: '--fleet-key <file>', description: "this host's TLS client key for NATS (PEM)" },
      {
        flags: '--fleet-replicas <n>',
        description:
          'replicas of the fleet store when this host creates it (3; 1 for one NATS server)',
      },
    ],
    examples: [
      'qmon serve --init-admin admin',
      'qmon serve --fleet tls://nats1:4222,tls://nats2:4222 --fleet-creds host1.creds --fleet-ca ca.pem',
      'qmon serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem',
      'qmon serve --print-unit > /etc/systemd/system/qmon.service',
    ],
    load: () => import('./verbs/serve.js'),
  },
  {
    name: 'mux',
    summary:
      "serve one QEMU monitor to many clients: each gets QEMU's greeting and its own session",
    arguments: ['<target>'],
    options: [
      {
        flags: '--listen <address>',
        description: 'a QMP listener: unix:PATH, a path, or tcp:HOST:PORT (repeatable)',
        repeatable: true,
      },
      {
        flags: '--hmp <address>',
        description: 'an HMP (qemu) console listener (repeatable)',
        repeatable: true,
      },
      ...LISTENER_SECURITY_OPTIONS,
      {
        flags: '--group <group>',
        description: 'unix listeners: members of this group may connect too (mode 0660)',
      },
      {
        flags: '--read-only',
        description: 'listeners accept only commands that change nothing (query-*, info, ...)',
      },
      {
        flags: '--allow <command>',
        description: 'run only these commands: names, prefix*, @read-only (repeatable)',
        repeatable: true,
      },
      {
        flags: '--deny <command>',
        description: 'refuse a command (QMP or HMP), a prefix*, or @host-access (repeatable)',
        repeatable: true,
      },
      { flags: '--allow-quit', description: 'let clients send quit (refused by default)' },
      {
        flags: '--wait',
        description: 'when QEMU goes away, wait for it to come back instead of exiting',
      },
      { flags: '--log <file>', description: "append every client's traffic to this file" },
    ],
    examples: [
      'qmon mux vm0 --listen unix:/run/vm0/shared.sock --deny @host-access',
      'qmon mux vm0 --hmp tcp:127.0.0.1:4444 --token-file ~/.config/qmon/mux.token',
      'qmon mux vm0 --listen tcp:0.0.0.0:4445 --tls-creds /etc/pki/qemu --read-only',
      'qmon exec unix:/run/vm0/shared.sock x-qmon-mux-stats --pretty',
    ],
    load: () => import('./verbs/mux.js'),
  },
  {
    name: 'replay',
    summary: 'a QMP server that replays a recorded traffic log: a deterministic fixture for tests',
    arguments: ['<log>'],
    options: [
      {
        flags: '--listen <address>',
        description: 'where clients connect: unix:PATH, a path, or tcp:HOST:PORT',
      },
      {
        flags: '--client <name>',
        description: "which client's session to replay from a mux traffic log",
      },
      ...LISTENER_SECURITY_OPTIONS,
    ],
    examples: [
      'qmon shell vm0 --log session.log',
      'qmon replay session.log --listen unix:/tmp/fake-qemu.sock',
    ],
    load: () => import('./verbs/replay.js'),
  },
  {
    name: 'schema',
    summary: "QEMU's QAPI schema: compare a running QEMU with qmon's types, or generate types",
    verbs: [
      {
        name: 'diff',
        summary:
          'a running QEMU against the bundled types of its version, or what upgrading between two bundled versions changes',
        arguments: ['[target]'],
        options: [
          { flags: '--from <version>', description: 'a bundled QEMU version, e.g. 7.2' },
          { flags: '--to <version>', description: 'a bundled QEMU version, e.g. 10.0' },
          json,
        ],
        examples: ['qmon schema diff vm0', 'qmon schema diff --from 7.2 --to 10.0 --json'],
        load: () => import('./verbs/schema-diff.js'),
      },
      {
        name: 'generate',
        summary: 'generate TypeScript types from a QEMU source tree',
        options: [
          { flags: '--source <dir>', description: 'a QEMU source tree (with qapi/ and qga/)' },
          { flags: '--out <dir>', description: 'the folder to write into' },
          { flags: '--version <version>', description: 'the QEMU version it is, e.g. 7.2' },
          {
            flags: '--profile <name>',
            description:
              "the build profile deciding the schema's conditions (default debian-bookworm-amd64; debian-bookworm-backports-amd64 for 10.0)",
          },
        ],
        examples: [
          'qmon schema generate --source qemu-7.2 --out src/schema/generated/qemu-7.2 --version 7.2',
          'qmon schema generate --source qemu-10.0.2 --out types --version 10.0 --profile debian-bookworm-backports-amd64',
        ],
        load: () => import('./verbs/schema-generate.js'),
      },
    ],
  },
];
