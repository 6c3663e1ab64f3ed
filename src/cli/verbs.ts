import { type OptionSpec, type VerbSpec, verb } from './verb.js';
import {
  agentExecOptions,
  agentOptions,
  agentQueryOptions,
  cpOptions,
  eventsOptions,
  execOptions,
  hmpOptions,
  jsonOptions,
  loginOptions,
  muxOptions,
  replayOptions,
  schemaDiffOptions,
  schemaGenerateOptions,
  serveOptions,
  shellOptions,
  speedJsonOptions,
  timeoutJsonOptions,
  timeoutOptions,
  vmAttachDeviceOptions,
  vmBackupOptions,
  vmConsoleOptions,
  vmJobsOptions,
  vmListOptions,
  vmMigrateOptions,
  vmRestoreOptions,
  vmStartOptions,
  vmStopOptions,
} from './verb-options.js';

/** A verb whose code is one named export of a shared file. */
function named<M, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): () => Promise<{ run: M[K] }> {
  return async () => ({ run: (await load())[name] });
}

const agentInfo = () => import('./verbs/agent-info.js');
const vmControl = () => import('./verbs/vm-control.js');
const vmSnapshot = () => import('./verbs/vm-snapshot.js');
const vmDevice = () => import('./verbs/vm-device.js');
const vmDisk = () => import('./verbs/vm-disk.js');
const vmJobs = () => import('./verbs/vm-jobs.js');
const vmMigrate = () => import('./verbs/vm-migrate.js');
const remoteVm = () => import('./verbs/remote/vm.js');
const remoteMigrate = () => import('./verbs/remote/migrate.js');
const login = () => import('./verbs/login.js');

/** `qmon agent ping TARGET` and its siblings: one agent query, printed for people or as JSON. */
function agentQuery(
  name: 'ping' | 'info' | 'osinfo' | 'ifaces' | 'users' | 'fsinfo' | 'time',
  summary: string,
): VerbSpec {
  return verb({
    name,
    summary,
    arguments: ['<target>'],
    options: agentQueryOptions,
    examples: [`qmon agent ${name} vm0`, `qmon agent ${name} unix:/run/vm0/qga.sock --json`],
    load: named(agentInfo, name),
  });
}

/** `qmon vm pause NAME` and its siblings. */
function vmOperation(
  name: 'status' | 'stop' | 'kill' | 'pause' | 'resume' | 'reset',
  summary: string,
  options: readonly OptionSpec[] = [],
): VerbSpec {
  return verb({
    name,
    summary,
    arguments: ['<name>'],
    options,
    examples: [`qmon vm ${name} vm0`],
    load: named(vmControl, name),
    remote: named(remoteVm, name),
  });
}

/** Every `qmon` verb. Implementations load lazily so `qmon` starts fast. */
export const verbs: VerbSpec[] = [
  verb({
    name: 'exec',
    summary:
      'run a QMP command (or an HMP command line with --hmp), like virsh qemu-monitor-command',
    arguments: ['<target>', '<command...>'],
    options: execOptions,
    examples: [
      `qmon exec vm0 query-status`,
      `qmon exec vm0 '{"execute":"query-block"}'`,
      `qmon exec vm0 qom-list '{"path":"/machine"}'`,
      `qmon exec vm0 device_add driver=virtio-net-pci id=n1 bus=qmon-hp1`,
      `qmon exec vm0 --hmp info network`,
      `qmon exec unix:/run/vm0/qmp.sock query-version --return-value --pretty`,
    ],
    load: () => import('./verbs/exec.js'),
    remote: () => import('./verbs/remote/exec.js'),
  }),
  verb({
    name: 'events',
    summary: 'print QMP events as they arrive, like virsh qemu-monitor-event',
    arguments: ['<target>'],
    options: eventsOptions,
    examples: [
      'qmon events vm0 --loop',
      'qmon events vm0 --event SHUTDOWN --timeout 60',
      'qmon events vm0 --event "BLOCK_.*" --regex --loop --json',
    ],
    load: () => import('./verbs/events.js'),
    remote: () => import('./verbs/remote/events.js'),
  }),
  verb({
    name: 'shell',
    summary:
      'an interactive QMP shell (qmp-shell, better): completion from the live schema, history, events as they come',
    arguments: ['<target>'],
    options: shellOptions,
    examples: [
      'qmon shell vm0',
      'qmon shell unix:/run/vm0/qmp.sock -H',
      "echo 'query-status' | qmon shell vm0",
    ],
    load: () => import('./verbs/shell.js'),
  }),
  verb({
    name: 'hmp',
    summary:
      "the VM's (qemu) human monitor, interactively: line editing and history here, output as QEMU prints it",
    arguments: ['<target>'],
    options: hmpOptions,
    examples: [
      'qmon hmp vm0',
      'qmon hmp unix:/run/vm0/hmp.sock',
      "printf 'info status\\ninfo block\\n' | qmon hmp vm0",
    ],
    load: () => import('./verbs/hmp.js'),
  }),
  verb({
    name: 'agent',
    summary:
      'run a guest-agent command (like virsh qemu-agent-command), or one of the sub-commands below',
    arguments: ['<target>', '<command...>'],
    options: agentOptions,
    examples: [
      `qmon agent vm0 guest-info`,
      `qmon agent vm0 '{"execute":"guest-get-host-name"}'`,
      `qmon agent vm0 guest-file-open '{"path":"/etc/hostname"}' --pretty`,
      'qmon agent exec vm0 -- uname -a',
      'qmon agent ifaces vm0',
    ],
    load: () => import('./verbs/agent.js'),
    remote: () => import('./verbs/remote/agent.js'),
    verbs: [
      agentQuery('ping', 'check that the guest agent answers'),
      agentQuery('info', "the agent's version and commands"),
      agentQuery('osinfo', "the guest's operating system"),
      agentQuery('ifaces', "the guest's network interfaces and addresses"),
      agentQuery('users', 'the users logged in to the guest'),
      agentQuery('fsinfo', "the guest's mounted filesystems"),
      agentQuery('time', "the guest's clock, and how far it is from the host's"),
      verb({
        name: 'exec',
        summary: "run a program in the guest; its output becomes ours, its exit code qmon's",
        arguments: ['<target>', '<program>', '[args...]'],
        options: agentExecOptions,
        examples: [
          'qmon agent exec vm0 -- uname -a',
          'qmon agent exec vm0 --env LANG=C -- /bin/sh -c "df -h /"',
          'echo hello | qmon agent exec vm0 --stdin -- /bin/cat',
        ],
        load: () => import('./verbs/agent-exec.js'),
      }),
    ],
  }),
  verb({
    name: 'cp',
    summary:
      'copy a file between the host and a guest through the guest agent (TARGET:PATH is the guest side)',
    arguments: ['<source>', '<destination>'],
    options: cpOptions,
    examples: [
      'qmon cp vm0:/etc/os-release ./os-release',
      'qmon cp ./tool vm0:/usr/local/bin/tool --mode 0755',
      'qmon cp ./data.tar vm0:/tmp/',
      'qmon cp unix:/run/vm0/qga.sock:/etc/os-release .',
    ],
    load: () => import('./verbs/cp.js'),
  }),
  verb({
    name: 'vm',
    summary: 'start VMs in the background and manage them by name',
    verbs: [
      verb({
        name: 'start',
        summary:
          'start a VM from a spec file, flags, or the demo guest; QEMU keeps running after qmon exits',
        arguments: ['[spec]'],
        options: vmStartOptions,
        examples: [
          'qmon vm start --demo --name demo --wait-agent',
          'qmon vm start vm0.json',
          'qmon vm start --name vm0 --memory 512 --disk vm0.qcow2 --paused',
        ],
        load: () => import('./verbs/vm-start.js'),
        remote: named(remoteVm, 'start'),
      }),
      verb({
        name: 'list',
        summary: 'the VMs in the runtime folder (or of a daemon), with state, pid and uptime',
        options: vmListOptions,
        examples: [
          'qmon vm list',
          'qmon vm list --long',
          'qmon --connect https://host:8443 vm list --json',
        ],
        load: () => import('./verbs/vm-list.js'),
        remote: named(remoteVm, 'list'),
      }),
      vmOperation('status', "a VM's state, pid, QEMU version and uptime", jsonOptions),
      vmOperation(
        'stop',
        'shut down gracefully: ACPI power-down, then quit, then kill',
        vmStopOptions,
      ),
      vmOperation('kill', 'stop QEMU at once (SIGKILL to its verified pid; needs no monitor)'),
      verb({
        name: 'rm',
        summary: "remove stopped or crashed VMs' runtime folders (logs, state, leftovers)",
        arguments: ['<names...>'],
        examples: ['qmon vm rm vm0'],
        load: named(vmControl, 'remove'),
      }),
      vmOperation('pause', "stop the VM's CPUs"),
      vmOperation('resume', "restart the VM's CPUs"),
      vmOperation('reset', 'reset the VM, as the reset button does'),
      verb({
        name: 'snapshot',
        summary: 'internal snapshots (VM state and disks), kept in the qcow2 disks',
        verbs: [
          ...(['save', 'load', 'delete'] as const).map(
            (name): VerbSpec =>
              verb({
                name,
                summary: `${name} the snapshot TAG`,
                arguments: ['<name>', '<tag>'],
                options: timeoutOptions,
                examples: [`qmon vm snapshot ${name} vm0 before-upgrade`],
                load: named(vmSnapshot, name === 'delete' ? 'remove' : name),
              }),
          ),
          verb({
            name: 'list',
            summary: "a VM's snapshots",
            arguments: ['<name>'],
            options: jsonOptions,
            examples: ['qmon vm snapshot list vm0'],
            load: named(vmSnapshot, 'list'),
          }),
        ],
      }),
      verb({
        name: 'screenshot',
        summary: "save the VM's display as PNG",
        arguments: ['<name>', '<file>'],
        options: jsonOptions,
        examples: ['qmon vm screenshot vm0 screen.png'],
        load: () => import('./verbs/vm-screenshot.js'),
      }),
      verb({
        name: 'attach-device',
        summary: 'hot-plug a device (into a free PCIe root port on q35)',
        arguments: ['<name>'],
        options: vmAttachDeviceOptions,
        examples: [
          'qmon vm attach-device vm0 --driver virtio-rng-pci --id rng0',
          'qmon vm attach-device vm0 --driver virtio-net-pci --id n1 --prop netdev=u1',
        ],
        load: named(vmDevice, 'attach'),
      }),
      verb({
        name: 'detach-device',
        summary: 'hot-unplug a device and wait until QEMU reports it gone',
        arguments: ['<name>', '<id>'],
        options: timeoutOptions,
        examples: ['qmon vm detach-device vm0 rng0'],
        load: named(vmDevice, 'detach'),
      }),
      verb({
        name: 'backup',
        summary: "back up a running VM's disk to a qcow2 file (full, or incremental on top)",
        arguments: ['<name>'],
        options: vmBackupOptions,
        examples: [
          'qmon vm backup vm0 --disk disk0 --to full.qcow2',
          'qmon vm backup vm0 --disk disk0 --to inc1.qcow2 --incremental --base full.qcow2',
        ],
        load: () => import('./verbs/vm-backup.js'),
      }),
      verb({
        name: 'disk',
        summary: "a running VM's disks: mirror, external snapshot, commit, stream, resize",
        verbs: [
          verb({
            name: 'mirror',
            summary: 'copy the disk to a new qcow2 file and switch the VM over to it',
            arguments: ['<name>', '<disk>', '<file>'],
            options: speedJsonOptions,
            examples: ['qmon vm disk mirror vm0 disk0 /fast/disk0.qcow2'],
            load: named(vmDisk, 'mirror'),
          }),
          verb({
            name: 'snapshot',
            summary: 'put a new qcow2 overlay on top of the disk (the image below turns read-only)',
            arguments: ['<name>', '<disk>', '<file>'],
            options: jsonOptions,
            examples: ['qmon vm disk snapshot vm0 disk0 overlay.qcow2'],
            load: named(vmDisk, 'snapshot'),
          }),
          verb({
            name: 'commit',
            summary: "commit the disk's top image into its backing image and switch to that",
            arguments: ['<name>', '<disk>'],
            options: speedJsonOptions,
            examples: ['qmon vm disk commit vm0 disk0'],
            load: named(vmDisk, 'commit'),
          }),
          verb({
            name: 'stream',
            summary: "copy the backing chain into the disk's top image",
            arguments: ['<name>', '<disk>'],
            options: speedJsonOptions,
            examples: ['qmon vm disk stream vm0 disk0'],
            load: named(vmDisk, 'stream'),
          }),
          verb({
            name: 'resize',
            summary: 'change the size of the disk as the guest sees it',
            arguments: ['<name>', '<disk>', '<size>'],
            options: jsonOptions,
            examples: ['qmon vm disk resize vm0 disk0 20G'],
            load: named(vmDisk, 'resize'),
          }),
        ],
      }),
      verb({
        name: 'jobs',
        summary: "a VM's block jobs with their progress",
        arguments: ['<name>'],
        options: vmJobsOptions,
        examples: ['qmon vm jobs vm0', 'qmon vm jobs vm0 --watch'],
        load: named(vmJobs, 'list'),
      }),
      verb({
        name: 'job',
        summary: 'cancel, pause or resume a block job',
        verbs: (['cancel', 'pause', 'resume'] as const).map(
          (name): VerbSpec =>
            verb({
              name,
              summary: `${name} the job JOB`,
              arguments: ['<name>', '<job>'],
              examples: [`qmon vm job ${name} vm0 backup-disk0-3f9a1c`],
              load: named(vmJobs, name),
            }),
        ),
      }),
      verb({
        name: 'migrate',
        summary:
          'live-migrate the VM to another QEMU on this machine (or, through a fleet daemon, to another host)',
        arguments: ['<name>'],
        options: vmMigrateOptions,
        examples: [
          'qmon vm migrate vm0 --start vm0b',
          'qmon vm migrate vm0 --to tcp:127.0.0.1:4444',
          'qmon --connect https://host1:8443 vm migrate vm0 --to host2',
        ],
        load: named(vmMigrate, 'migrate'),
        remote: named(remoteMigrate, 'migrate'),
      }),
      verb({
        name: 'save',
        summary: "save the VM's RAM and device state to FILE (spec in FILE.vm.json) and stop it",
        arguments: ['<name>', '<file>'],
        options: timeoutJsonOptions,
        examples: ['qmon vm save vm0 vm0.state'],
        load: named(vmMigrate, 'save'),
      }),
      verb({
        name: 'restore',
        summary: 'start a VM saved by qmon vm save, where it left off',
        arguments: ['<file>'],
        options: vmRestoreOptions,
        examples: ['qmon vm restore vm0.state'],
        load: named(vmMigrate, 'restore'),
      }),
      verb({
        name: 'console',
        summary:
          "attach the terminal to the guest's serial console (Ctrl-] detaches), like virsh console",
        arguments: ['<name>'],
        options: vmConsoleOptions,
        examples: ['qmon vm console vm0'],
        load: () => import('./verbs/vm-console.js'),
      }),
    ],
  }),
  verb({
    name: 'login',
    summary:
      "log in to a qmon daemon: a password for an API token, kept 0600 in qmon's credentials file",
    arguments: ['[url]'],
    options: loginOptions,
    examples: [
      'qmon login http://127.0.0.1:8480 --user admin',
      'qmon login https://host:8443 --user alice --fingerprint AB:CD:...',
      'echo "$PASSWORD" | qmon login https://host:8443 --user ci --password-stdin --ca ca.pem',
    ],
    load: named(login, 'login'),
    local: true,
  }),
  verb({
    name: 'logout',
    summary: "forget a daemon's token here and revoke it there",
    arguments: ['[url]'],
    examples: ['qmon logout https://host:8443'],
    load: named(login, 'logout'),
    local: true,
  }),
  verb({
    name: 'serve',
    summary: 'run the daemon: owns every VM on this host, keeps their definitions, serves the API',
    options: serveOptions,
    examples: [
      'qmon serve --init-admin admin',
      'qmon serve --libvirt qemu:///system',
      'qmon serve --fleet tls://nats1:4222,tls://nats2:4222 --fleet-creds host1.creds --fleet-ca ca.pem',
      'qmon serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem',
      'qmon serve --print-unit > /etc/systemd/system/qmon.service',
      'qmon serve --print-host-id',
    ],
    load: () => import('./verbs/serve.js'),
    local: true,
  }),
  verb({
    name: 'fleet',
    summary: "setting up a fleet's NATS servers",
    verbs: [
      verb({
        name: 'nats-authorization',
        summary:
          'print the nats-server users of these hosts, each allowed to act only as its own host (HOST is USER:HOST_ID, or USER:HOST_ID:KEY with a kept bcrypt hash or a public nkey)',
        arguments: ['<host...>'],
        examples: [
          'qmon serve --print-host-id   # on each host, before it joins',
          "qmon fleet nats-authorization host1:5f0c...:'$2b$11$...' host2:9a1e...",
          'qmon fleet nats-authorization host1:5f0c...:UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4',
        ],
        load: () => import('./verbs/fleet-nats-authorization.js'),
        local: true,
      }),
    ],
  }),
  verb({
    name: 'mux',
    summary:
      "serve one QEMU monitor to many clients: each gets QEMU's greeting and its own session",
    arguments: ['<target>'],
    options: muxOptions,
    examples: [
      'qmon mux vm0 --listen unix:/run/vm0/shared.sock --deny @host-access',
      'qmon mux vm0 --hmp tcp:127.0.0.1:4444 --token-file ~/.config/qmon/mux.token',
      'qmon mux vm0 --listen tcp:0.0.0.0:4445 --tls-creds /etc/pki/qemu --read-only',
      'qmon exec unix:/run/vm0/shared.sock x-qmon-mux-stats --pretty',
    ],
    load: () => import('./verbs/mux.js'),
    local: true,
  }),
  verb({
    name: 'replay',
    summary: 'a QMP server that replays a recorded traffic log: a deterministic fixture for tests',
    arguments: ['<log>'],
    options: replayOptions,
    examples: [
      'qmon shell vm0 --log session.log',
      'qmon replay session.log --listen unix:/tmp/fake-qemu.sock',
    ],
    load: () => import('./verbs/replay.js'),
    local: true,
  }),
  verb({
    name: 'schema',
    summary: "QEMU's QAPI schema: compare a running QEMU with qmon's types, or generate types",
    verbs: [
      verb({
        name: 'diff',
        summary:
          'a running QEMU against the bundled types of its version, or what upgrading between two bundled versions changes',
        arguments: ['[target]'],
        options: schemaDiffOptions,
        examples: ['qmon schema diff vm0', 'qmon schema diff --from 7.2 --to 10.0 --json'],
        load: () => import('./verbs/schema-diff.js'),
      }),
      verb({
        name: 'generate',
        summary: 'generate TypeScript types from a QEMU source tree',
        options: schemaGenerateOptions,
        examples: [
          'qmon schema generate --source qemu-7.2 --out src/schema/generated/qemu-7.2 --version 7.2',
          'qmon schema generate --source qemu-10.0.2 --out types --version 10.0 --profile debian-bookworm-backports-amd64',
        ],
        load: () => import('./verbs/schema-generate.js'),
        local: true,
      }),
    ],
  }),
  verb({
    name: 'completion',
    summary: 'print a shell completion script for bash, zsh or fish (verbs, options, VM names)',
    arguments: ['<shell>'],
    examples: [
      'eval "$(qmon completion bash)"',
      'qmon completion bash > /etc/bash_completion.d/qmon',
      'qmon completion fish > ~/.config/fish/completions/qmon.fish',
    ],
    load: () => import('./verbs/completion.js'),
    local: true,
  }),
];
