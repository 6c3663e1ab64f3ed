import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  HmpCommandError,
  HmpConsole,
  InvalidCommandLineError,
  NotHmpError,
} from '../../src/hmp/index.js';
import {
  CommandAbortedError,
  CommandTimeoutError,
  childProcessStream,
  DisconnectedError,
  QmpClient,
} from '../../src/index.js';
import { type MonitoredQemu, startMonitoredQemu } from '../support/qemu.js';
import { literally, qemuFacts, spawnQemu } from '../support/qemu-version.js';

const Q35 = [
  ...['-machine', 'q35', '-S', '-m', '64'],
  ...['-device', 'pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1'],
];

describe('HmpConsole against a real QEMU', () => {
  let qemu: MonitoredQemu;
  let hmp: HmpConsole;
  before(async () => {
    qemu = await startMonitoredQemu([
      ...Q35,
      '-netdev',
      'user,id=net0',
      '-device',
      'e1000,netdev=net0,id=nic0',
    ]);
    hmp = await HmpConsole.connect(qemu.hmp, { timeout: 5000 });
  });
  after(async () => {
    await hmp.close();
    await qemu.stop();
  });

  it('reads the banner and the version', () => {
    assert.equal(hmp.banner, qemuFacts.hmpBanner);
    assert.equal(hmp.version, qemuFacts.full);
  });

  it('returns exactly the output of info commands', async () => {
    assert.equal(await hmp.run('info status'), 'VM status: paused (prelaunch)\n');
    assert.match(await hmp.run('info version'), new RegExp(`^${literally(qemuFacts.full)}.*\n$`));
    const network = await hmp.run('info network');
    assert.match(network, /^nic0: index=0,type=nic,model=e1000/);
    assert.match(network, /\\ net0: index=0,type=user/);
    const pci = await hmp.run('info pci');
    assert.match(pci, /^ {2}Bus {2}0, device {3}0, function 0:\n/);
    assert.match(pci, /Ethernet controller: PCI device 8086:100e/);
    for (const unwanted of ['\u001b', '\r', '(qemu)']) assert.ok(!pci.includes(unwanted));
    const help = await hmp.run('help');
    assert.match(help, /^announce_self /);
    assert.ok(help.split('\n').length > 100);
    assert.equal(await hmp.run('stop'), '');
  });

  it('runs concurrent calls one at a time, in order', async () => {
    const lines = ['info status', 'info name', 'info version', 'info status'];
    const outputs = await Promise.all(lines.map((line) => hmp.run(line)));
    assert.equal(outputs[0], outputs[3]);
    assert.equal(outputs[1], '');
    assert.ok(outputs[2]!.startsWith(qemuFacts.full));
  });

  it('hotplugs a device into a free pcie-root-port and shows it in info qtree', async () => {
    assert.equal(await hmp.run('device_add virtio-rng-pci,id=rng0,bus=rp1'), '');
    const qtree = await hmp.run('info qtree');
    assert.match(qtree, /dev: virtio-rng-pci, id "rng0"/);
    assert.match(qtree, /^bus: main-system-bus\n/);
  });

  it('throws HmpCommandError for an unknown command and for a failing one', async () => {
    await assert.rejects(hmp.run('no_such_command'), (error) => {
      assert.ok(error instanceof HmpCommandError);
      assert.equal(error.output, "unknown command: 'no_such_command'\n");
      return true;
    });
    await assert.rejects(hmp.run('device_add nosuch'), /'nosuch' is not a valid device model/);
    const text = await hmp.run('device_add nosuch', { allowErrorOutput: true });
    assert.match(text, /^Error: /);
  });

  it('recognises the error forms without an "Error:" prefix that QEMU 7.2 prints', async () => {
    for (const [line, pattern] of [
      ['o/b 0x80 0x100000000', /^'o' has failed: integer is for 32-bit values\nTry "help o"/],
      ['drive_del nothing', /^Device 'nothing' not found\n$/],
      ['sendkey nosuchkey', /^invalid parameter: nosuchkey\n$/],
    ] as const) {
      await assert.rejects(hmp.run(line), (error) => {
        assert.ok(error instanceof HmpCommandError, `${line}: ${error}`);
        assert.match(error.output, pattern);
        return true;
      });
    }
  });

  it('returns a multi-megabyte output whole', async () => {
    const started = performance.now();
    const dump = await hmp.run('xp /524288xb 0', { timeout: 20_000 });
    const lines = dump.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 65_536);
    assert.match(lines[0]!, /^0{16}: (0x[0-9a-f]{2} ){7}0x[0-9a-f]{2}$/);
    assert.match(lines.at(-1)!, /^000000000007fff8: /);
    console.log(
      `  xp of 512 KiB: ${dump.length} bytes in ${Math.round(performance.now() - started)} ms`,
    );
  });

  it('stays usable after a command times out', async () => {
    await assert.rejects(hmp.run('xp /524288xb 0', { timeout: 5 }), CommandTimeoutError);
    assert.match(await hmp.run('info status'), /^VM status: paused/);
  });

  it('drops a queued command whose signal fires before it is sent', async () => {
    const long = hmp.run('xp /65536xb 0');
    const controller = new AbortController();
    const queued = hmp.run('stop', { signal: controller.signal });
    controller.abort();
    await assert.rejects(queued, CommandAbortedError);
    assert.equal((await long).split('\n').length, 8193);
    assert.match(await hmp.run('info status'), /^VM status: paused/);
  });

  it('rejects command lines readline would mangle', async () => {
    await assert.rejects(hmp.run('info status\ninfo name'), InvalidCommandLineError);
    await assert.rejects(hmp.run('info\tstatus'), InvalidCommandLineError);
    await assert.rejects(hmp.run(`info ${'x'.repeat(5000)}`), InvalidCommandLineError);
  });

  it('refuses a QMP socket as not a human monitor', async () => {
    await assert.rejects(HmpConsole.connect(qemu.qmp), (error) => {
      assert.ok(error instanceof NotHmpError);
      assert.equal(error.code, 'NOT_HMP');
      assert.match(error.message, /QMP/);
      return true;
    });
  });
});

describe('HmpConsole on TCP and stdio monitors', () => {
  it('talks to a TCP monitor', async () => {
    const qemu = await startMonitoredQemu([
      ...[
        '-machine',
        'none',
        '-chardev',
        'socket,id=tcpmon,host=127.0.0.1,port=0,server=on,wait=off',
      ],
      ...['-mon', 'chardev=tcpmon,mode=readline'],
    ]);
    try {
      const qmp = await QmpClient.connect(qemu.qmp);
      const chardevs = await qmp.execute('query-chardev');
      await qmp.close();
      const filename = chardevs.find((c) => c.label === 'tcpmon')?.filename ?? '';
      const port = /:(\d+),server/.exec(filename)?.[1];
      assert.ok(port, filename);
      const hmp = await HmpConsole.connect(`tcp:127.0.0.1:${port}`);
      assert.equal(await hmp.run('info status'), 'VM status: running\n');
      await hmp.close();
      assert.ok(hmp.isClosed);
    } finally {
      await qemu.stop();
    }
  });

  it('talks to -monitor stdio, and quit resolves as QEMU exits', async () => {
    const child = spawnQemu(
      ['-nodefaults', '-display', 'none', '-machine', 'none', '-monitor', 'stdio'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    try {
      const hmp = await HmpConsole.connect(childProcessStream(child), { name: 'stdio' });
      assert.equal(await hmp.run('info status'), 'VM status: running\n');
      assert.equal(await hmp.run('quit'), '');
      const reason = await hmp.closed;
      assert.ok(reason instanceof DisconnectedError);
      await assert.rejects(hmp.run('info status'), DisconnectedError);
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(child.exitCode, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
