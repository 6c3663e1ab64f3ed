// Cold start of `qmon exec TARGET query-status` against an empty Node.js start and socat
// doing the same exchange: same QEMU, same run, interleaved.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, startQemu } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ROOT = new URL('../', import.meta.url);
const QMON = fileURLToPath(new URL('bin/qmon.js', ROOT));
const EXCHANGE = '{"execute":"qmp_capabilities"}\n{"execute":"query-status"}\n';
const TARGET = 1.25;

function time(command: string, args: string[], input?: string, expect = '"status"'): number {
  const started = performance.now();
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || !result.stdout.includes(expect)) {
    throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  }
  return elapsed;
}

// What `npm run build` makes and bin/qmon.js runs: the bundle, fresh from the sources.
const bundle = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (bundle.status !== 0) throw new Error('bundling the CLI failed');

const qemu = await startQemu(1);
try {
  const socket = qemu.sockets[0]!;
  const socat: number[] = [];
  const qmon: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // socat must not close before QEMU answers: keep its input open briefly with -t.
    socat.push(time('socat', ['-t', '0.05', '-', `UNIX-CONNECT:${socket}`], EXCHANGE));
    qmon.push(time(process.execPath, [QMON, 'exec', socket, 'query-status']));
    node.push(time(process.execPath, ['-e', '0'], undefined, ''));
  }
  const s = median(socat);
  const q = median(qmon);
  const n = median(node);
  const ratio = q / n;
  console.log(`CLI cold start, ${RUNS} runs each, interleaved, medians (Node ${process.version})`);
  console.log(`  socat - UNIX-CONNECT (same exchange)   ${s.toFixed(1)} ms`);
  console.log(`  node -e 0 (empty Node.js start)        ${n.toFixed(1)} ms`);
  console.log(
    `  qmon exec TARGET query-status          ${q.toFixed(1)} ms   ${ratio.toFixed(2)}x node -e 0 (target <= ${TARGET}: ${ratio <= TARGET ? 'met' : 'not met'})   ${(q - n).toFixed(1)} ms over Node's start`,
  );
} finally {
  await qemu.stop();
}
