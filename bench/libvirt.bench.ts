// query-status round trips to a libvirt domain, one at a time, in one run: qmon's libvirt client
// (QmpClient over libvirt:NAME, and the bare RPC call), one `virsh` shell reading commands from
// stdin, one `virsh` process per call; and a direct QMP client on a plain QEMU for scale.
// The cases run in many short interleaved rounds (the order rotating), and each ratio is the median
// of its per-round ratios: on a loaded machine the speed drifts by several times within seconds.
import { spawn } from 'node:child_process';
import { LibvirtConnection } from '../src/libvirt/index.js';
import { QmpClient } from '../src/qmp/index.js';
import { libvirtSkipReason, startLibvirtd } from '../test/support/libvirtd.js';
import { median, startQemu, timed } from './support.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Math.round(20 * SCALE);
const BLOCK = 40;
const PROCESS_BLOCK = 3;
const NAME = 'qmon-bench';
const STATUS = '{"execute":"query-status"}';

/** A domain with no guest at all: SeaBIOS idles with nothing to boot; QMP answers as ever. */
const DOMAIN_XML = `<domain type='qemu'>
  <name>${NAME}</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator><memballoon model='none'/></devices>
</domain>`;

/** One `virsh` reading commands from stdin; each reply is the line holding `"return"`. */
class VirshShell {
  private buffered = '';
  private waiter: (() => void) | undefined;
  private readonly child;

  constructor(uri: string) {
    this.child = spawn('virsh', ['-q', '-c', uri], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.buffered += text;
      this.waiter?.();
    });
  }

  async roundTrip(): Promise<void> {
    this.child.stdin.write(`qemu-monitor-command ${NAME} '${STATUS}'\n`);
    await this.reply();
  }

  /** `count` commands written at once (virsh runs them one after another), every reply read. */
  async pipelined(count: number): Promise<void> {
    this.child.stdin.write(`qemu-monitor-command ${NAME} '${STATUS}'\n`.repeat(count));
    for (let i = 0; i < count; i++) await this.reply();
  }

  private async reply(): Promise<void> {
    for (;;) {
      const at = this.buffered.indexOf('"return"');
      const end = at < 0 ? -1 : this.buffered.indexOf('\n', at);
      if (end >= 0) {
        JSON.parse(this.buffered.slice(this.buffered.lastIndexOf('\n', at) + 1, end));
        this.buffered = this.buffered.slice(end + 1);
        return;
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }
}

function virshOnce(uri: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('virsh', ['-q', '-c', uri, 'qemu-monitor-command', NAME, STATUS], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`virsh exited with ${code}`));
      else {
        JSON.parse(out);
        resolve();
      }
    });
  });
}

const skip = libvirtSkipReason();
if (skip) {
  console.log(`libvirt benchmark skipped: ${skip}`);
  process.exit(0);
}

const daemon = await startLibvirtd();
const qemu = await startQemu(1);
const owner = await LibvirtConnection.connect({ uri: daemon.uri, callTimeout: 120_000 });
try {
  const dom = await owner.createDomain(DOMAIN_XML, 2 /* AUTODESTROY */);
  process.env.LIBVIRT_DEFAULT_URI = daemon.uri;
  const qmp = await QmpClient.connect(`libvirt:${NAME}`);
  const rpc = await LibvirtConnection.connect({ uri: daemon.uri });
  // libvirtd's rate with more clients at once: 4 connections with 8 calls in flight each.
  const many = await Promise.all(
    Array.from({ length: 4 }, () => LibvirtConnection.connect({ uri: daemon.uri })),
  );
  const direct = await QmpClient.connect(qemu.sockets[0]!);
  const shell = new VirshShell(daemon.uri);
  await shell.roundTrip();

  const cases: { name: string; block: number; run: () => Promise<unknown> }[] = [
    {
      name: 'qmon QmpClient over libvirt:NAME',
      block: BLOCK,
      run: async () => {
        for (let i = 0; i < BLOCK; i++) await qmp.execute('query-status');
      },
    },
    {
      name: 'qmon QmpClient, 8 in flight',
      block: BLOCK,
      run: async () => {
        for (let i = 0; i < BLOCK; i += 8)
          await Promise.all(Array.from({ length: 8 }, () => qmp.execute('query-status')));
      },
    },
    {
      name: 'qmon RPC monitorCommand',
      block: BLOCK,
      run: async () => {
        for (let i = 0; i < BLOCK; i++) JSON.parse(await rpc.monitorCommand(dom, STATUS));
      },
    },
    {
      name: 'libvirtd, 4 conns x 8 in flight',
      block: BLOCK,
      run: () =>
        Promise.all(
          many.map(async (connection) => {
            for (let i = 0; i < BLOCK / 4; i += 8)
              await Promise.all(
                Array.from({ length: 8 }, () => connection.monitorCommand(dom, STATUS)),
              );
          }),
        ),
    },
    {
      name: 'one virsh shell, commands on stdin',
      block: BLOCK,
      run: async () => {
        for (let i = 0; i < BLOCK; i++) await shell.roundTrip();
      },
    },
    {
      name: 'one virsh shell, all commands at once',
      block: BLOCK,
      run: () => shell.pipelined(BLOCK),
    },
    {
      name: 'one virsh process per call',
      block: PROCESS_BLOCK,
      run: async () => {
        for (let i = 0; i < PROCESS_BLOCK; i++) await virshOnce(daemon.uri);
      },
    },
    {
      name: 'direct QMP, plain QEMU (scale)',
      block: BLOCK,
      run: async () => {
        for (let i = 0; i < BLOCK; i++) await direct.execute('query-status');
      },
    },
  ];
  const rates = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) await c.run(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const shift = round % cases.length;
    for (const c of [...cases.slice(shift), ...cases.slice(0, shift)])
      rates.get(c.name)!.push(c.block / ((await timed(c.run)) / 1000));
  }
  const rate = (name: string) => median(rates.get(name)!);
  /** The median over rounds of a/b measured in the same round. */
  const ratio = (a: string, b: string) =>
    median(rates.get(a)!.map((value, i) => value / rates.get(b)![i]!)).toFixed(2);
  console.log(
    `libvirt: query-status round trips per second (median of ${ROUNDS} interleaved rounds)`,
  );
  for (const c of cases)
    console.log(`  ${c.name.padEnd(40)} ${rate(c.name).toFixed(0).padStart(6)}/s`);
  const qmon = 'qmon QmpClient over libvirt:NAME';
  console.log(
    `  one at a time: qmon / virsh shell ${ratio(qmon, 'one virsh shell, commands on stdin')}x,` +
      ` qmon / virsh per call ${ratio(qmon, 'one virsh process per call')}x,` +
      ` qmon / direct QMP ${ratio(qmon, 'direct QMP, plain QEMU (scale)')}x`,
  );
  console.log(
    `  all at once:   qmon (8 in flight) / virsh shell ${ratio('qmon QmpClient, 8 in flight', 'one virsh shell, all commands at once')}x`,
  );
  const fastest = [
    'qmon QmpClient over libvirt:NAME',
    'qmon QmpClient, 8 in flight',
    'qmon RPC monitorCommand',
    'libvirtd, 4 conns x 8 in flight',
  ].reduce((best, name) => (rate(name) > rate(best) ? name : best));
  console.log(
    `  the fastest way through libvirtd (${fastest}) / virsh shell ${ratio(fastest, 'one virsh shell, commands on stdin')}x`,
  );
  shell.close();
  await qmp.close();
  await rpc.close();
  await Promise.all(many.map((connection) => connection.close()));
  await direct.close();
  await owner.destroyDomain(dom);
} finally {
  await owner.close();
  await qemu.stop();
  await daemon.stop();
}
