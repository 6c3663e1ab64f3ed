// Cold start of `qmon exec TARGET query-status` against socat doing the same exchange, same QEMU, same run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, startQemu } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const QMON = fileURLToPath(new URL('../bin/qmon.js', import.meta.url));
const EXCHANGE = '{"execute":"qmp_capabilities"}\n{"execute":"query-status"}\n';

function time(command: string, args: string[], input?: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || !result.stdout.includes('"status"')) {
    throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  }
  return elapsed;
}

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
    node.push(time(process.execPath, ['-e', 'console.log(\'{"status":1}\')']));
  }
  const s = median(socat);
  const q = median(qmon);
  const n = median(node);
  console.log(`CLI cold start, ${RUNS} runs each, medians`);
  console.log(`  socat - UNIX-CONNECT (same exchange)   ${s.toFixed(1)} ms`);
  console.log(`  node -e (empty Node.js start)          ${n.toFixed(1)} ms`);
  console.log(
    `  qmon exec TARGET query-status          ${q.toFixed(1)} ms   ratio to socat ${(q / s).toFixed(2)}   qmon's own time over Node's start ${(q - n).toFixed(1)} ms`,
  );
} finally {
  await qemu.stop();
}
