import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMux } from '../../src/mux/index.js';
import { QmpClient } from '../../src/qmp/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { runQmon } from '../support/cli.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

// Past 2^53 a JS number can no longer hold every integer: ...993 would become ...992.
const PAST_2_53 = 9007199254740993n;
const UINT64_MAX = 18446744073709551615n;
const INT64_MAX = 9223372036854775807n;
const IOTHREAD = '/objects/io0';

async function migrationBandwidth(client: QmpClient): Promise<unknown> {
  return (await client.execute('query-migrate-parameters'))['max-bandwidth'];
}

async function iothread(client: QmpClient): Promise<Record<string, unknown>> {
  const [thread] = await client.execute('query-iothreads');
  return thread as unknown as Record<string, unknown>;
}

describe('64-bit integers through QEMU 7.2, the mux, the replay server and the CLI', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  before(async () => {
    qemu = await startQemu(['-machine', 'none', '-object', 'iothread,id=io0']);
    client = await QmpClient.connect(qemu.qmp);
  });
  after(async () => {
    await client?.close();
    await qemu?.stop();
  });

  it('sets and reads back size, uint64 and int64 values exactly (library)', async () => {
    await client.execute('migrate-set-parameters', { 'max-bandwidth': PAST_2_53 });
    assert.equal(await migrationBandwidth(client), PAST_2_53);
    await client.execute('migrate-set-parameters', { 'max-bandwidth': UINT64_MAX });
    assert.equal(await migrationBandwidth(client), UINT64_MAX);

    await client.execute('qom-set', { path: IOTHREAD, property: 'poll-max-ns', value: PAST_2_53 });
    await client.execute('qom-set', {
      path: IOTHREAD,
      property: 'aio-max-batch',
      value: INT64_MAX,
    });
    assert.equal(
      await client.execute('qom-get', { path: IOTHREAD, property: 'poll-max-ns' }),
      PAST_2_53,
    );
    const thread = await iothread(client);
    assert.equal(thread['poll-max-ns'], PAST_2_53);
    assert.equal(thread['aio-max-batch'], INT64_MAX);
    // Safe values stay plain numbers.
    assert.equal(thread['poll-grow'], 0);
  });

  it('passes them through the mux, whose traffic log the replay server plays back exactly', async () => {
    const log: string[] = [];
    const mux = await startMux({
      upstream: qemu.qmp2,
      listen: [join(qemu.dir, 'mux.sock')],
      trafficLog: (line) => log.push(line),
      log: () => {},
    });
    try {
      const viaMux = await QmpClient.connect(mux.listeners[0]!.address);
      await viaMux.execute('migrate-set-parameters', { 'max-bandwidth': PAST_2_53 + 2n });
      await viaMux.execute('qom-set', {
        path: IOTHREAD,
        property: 'poll-max-ns',
        value: INT64_MAX - 1n,
      });
      assert.equal(await migrationBandwidth(viaMux), PAST_2_53 + 2n);
      assert.equal((await iothread(viaMux))['poll-max-ns'], INT64_MAX - 1n);
      assert.equal(await migrationBandwidth(client), PAST_2_53 + 2n, 'QEMU itself holds it');
      await viaMux.close();
    } finally {
      await mux.close();
    }
    assert.ok(log.some((line) => line.includes(`"max-bandwidth": ${PAST_2_53 + 2n}`)));

    const replay = await startReplayServer({ log, listen: join(qemu.dir, 'replay.sock') });
    try {
      const replayed = await QmpClient.connect(replay.address);
      // Matched by command and exact arguments: ...992 would be another command.
      await replayed.execute('qom-set', {
        path: IOTHREAD,
        property: 'poll-max-ns',
        value: INT64_MAX - 1n,
      });
      assert.equal(await migrationBandwidth(replayed), PAST_2_53 + 2n);
      assert.equal((await iothread(replayed))['poll-max-ns'], INT64_MAX - 1n);
      await replayed.close();
      assert.equal(replay.stats().unmatched, 0);
    } finally {
      await replay.close();
    }
  });

  it('takes them as key=value and JSON and prints them exactly (qmon exec, qmon shell)', async () => {
    const socket = qemu.qmp2;
    const set = await runQmon([
      'exec',
      socket,
      'migrate-set-parameters',
      `max-bandwidth=${UINT64_MAX}`,
    ]);
    assert.equal(set.code, 0, set.stderr);
    const query = await runQmon(['exec', socket, 'query-migrate-parameters']);
    assert.match(query.stdout, new RegExp(`"max-bandwidth":${UINT64_MAX}[,}]`));

    const json = await runQmon([
      'exec',
      socket,
      `{"execute":"qom-set","arguments":{"path":"${IOTHREAD}","property":"poll-max-ns","value":${PAST_2_53}}}`,
    ]);
    assert.equal(json.code, 0, json.stderr);
    const got = await runQmon([
      'exec',
      socket,
      'qom-get',
      `{"path":"${IOTHREAD}","property":"poll-max-ns"}`,
      '--return-value',
    ]);
    assert.equal(got.stdout.trim(), String(PAST_2_53));
    const pretty = await runQmon(['exec', socket, 'query-iothreads', '--pretty']);
    assert.match(pretty.stdout, new RegExp(`\\n +"poll-max-ns": ${PAST_2_53},\\n`));

    const shell = await runQmon(['shell', socket], {
      input:
        `qom-set path=${IOTHREAD} property=aio-max-batch value=${PAST_2_53 + 4n}\n` +
        `qom-get path=${IOTHREAD} property=aio-max-batch\n` +
        `qom-get {"path": "${IOTHREAD}", "property": "poll-max-ns"}\n`,
    });
    assert.equal(shell.code, 0, shell.stderr);
    assert.deepEqual(shell.stdout.trim().split('\n').slice(-2), [
      String(PAST_2_53 + 4n),
      String(PAST_2_53),
    ]);
    assert.equal((await iothread(client))['aio-max-batch'], PAST_2_53 + 4n);
  });
});
