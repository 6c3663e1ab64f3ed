/**
 * Whether KVM really works here. /dev/kvm can exist and open, yet be a slow
 * software implementation that fails later under a real kernel; so the probe
 * boots a 512-byte boot sector under KVM (a 65535-step loop, then a write to
 * `isa-debug-exit`) and wants QEMU's exit code within a bound a real KVM meets
 * with a wide margin. The verdict is cached per QEMU binary for the process.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KvmProbeResult {
  usable: boolean;
  /** Why not, or how long the probe guest took. */
  detail: string;
}

export const DEFAULT_KVM_PROBE_TIMEOUT_MS = 3_000;
/** `isa-debug-exit` turns the byte 0x2a into exit code (0x2a << 1) | 1. */
const EXPECTED_EXIT_CODE = 85;
const cache = new Map<string, Promise<KvmProbeResult>>();

function bootSector(): Buffer {
  const sector = Buffer.alloc(512);
  // mov cx,0xffff; 1: dec cx; jnz 1b; mov al,0x2a; out 0xf4,al; hlt; jmp $
  Buffer.from([0xb9, 0xff, 0xff, 0x49, 0x75, 0xfd, 0xb0, 0x2a, 0xe6, 0xf4, 0xf4, 0xeb, 0xfe]).copy(
    sector,
  );
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

export function probeKvm(
  qemuBinary = 'qemu-system-x86_64',
  timeoutMs = DEFAULT_KVM_PROBE_TIMEOUT_MS,
): Promise<KvmProbeResult> {
  let result = cache.get(qemuBinary);
  if (!result) {
    result = runProbe(qemuBinary, timeoutMs);
    cache.set(qemuBinary, result);
  }
  return result;
}

async function runProbe(qemuBinary: string, timeoutMs: number): Promise<KvmProbeResult> {
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { usable: false, detail: '/dev/kvm is missing or not accessible' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'qmon-kvm-probe-'));
  try {
    const image = join(dir, 'boot.img');
    await writeFile(image, bootSector());
    const started = performance.now();
    const outcome = await new Promise<{ code: number | null; stderr: string; timedOut: boolean }>(
      (resolve) => {
        const child = spawn(
          qemuBinary,
          [
            ...['-nodefaults', '-no-user-config', '-display', 'none', '-machine', 'pc'],
            ...['-accel', 'kvm', '-m', '16'],
            ...[
              '-blockdev',
              JSON.stringify({
                driver: 'raw',
                'node-name': 'boot',
                file: { driver: 'file', filename: image },
              }),
            ],
            ...['-device', 'ide-hd,drive=boot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=1'],
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (text: string) => {
          stderr += text;
        });
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.once('error', (error) => {
          clearTimeout(timer);
          resolve({ code: null, stderr: error.message, timedOut: false });
        });
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr, timedOut });
        });
      },
    );
    const ms = Math.round(performance.now() - started);
    if (outcome.timedOut) {
      return { usable: false, detail: `a trivial guest did not finish within ${timeoutMs} ms` };
    }
    if (outcome.code !== EXPECTED_EXIT_CODE) {
      const why = outcome.stderr.trim().split('\n').at(-1) ?? '';
      return { usable: false, detail: `the probe guest failed (exit ${outcome.code}): ${why}` };
    }
    return { usable: true, detail: `the probe guest ran in ${ms} ms` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
