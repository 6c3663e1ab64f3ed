import type { VerbSpec } from './verb.js';

const timeout = { flags: '--timeout <seconds>', description: 'give up after this many seconds' };
const json = { flags: '--json', description: 'print machine-readable JSON' };

/** Every `qmon` verb. Implementations load lazily so `qmon` starts fast. */
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
      `qmon exec vm0 device_add driver=virtio-net-pci id=n1 bus=rp1`,
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
    name: 'schema',
    summary: "QEMU's QAPI schema: compare a running QEMU with qmon's types, or generate types",
    verbs: [
      {
        name: 'diff',
        summary: 'what this QEMU has that the bundled types lack, and the reverse',
        arguments: ['<target>'],
        options: [json],
        examples: ['qmon schema diff vm0'],
        load: () => import('./verbs/schema-diff.js'),
      },
      {
        name: 'generate',
        summary: 'generate TypeScript types from a QEMU source tree',
        options: [
          { flags: '--source <dir>', description: 'a QEMU source tree (with qapi/ and qga/)' },
          { flags: '--out <dir>', description: 'the folder to write into' },
          { flags: '--version <version>', description: 'the QEMU version it is, e.g. 7.2' },
        ],
        examples: [
          'qmon schema generate --source qemu-7.2 --out src/schema/generated/qemu-7.2 --version 7.2',
        ],
        load: () => import('./verbs/schema-generate.js'),
      },
    ],
  },
];
