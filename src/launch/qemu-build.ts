/**
 * Which QEMU build to run: the system's (`qemu-system-x86_64` on PATH) or a
 * release unpacked beside it by `scripts/setup.sh` (QEMU 10.0 from Debian's
 * bookworm-backports, under the cache folder). An unpacked build is not
 * installed, so it needs to be told where its modules and firmware are:
 * without `QEMU_MODULE_DIR` it would load the system QEMU's modules.
 *
 * Everything that starts QEMU (the launcher, tests, benchmarks) takes its
 * binary, environment and firmware arguments from here, chosen by
 * `$QMON_QEMU` (`7.2`, `10.0`, or `system`, the default).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { QmonError } from '../session/errors.js';

export interface QemuBuild {
  /** `system`, or the release it is (`10.0`). */
  readonly name: string;
  readonly qemuSystem: string;
  readonly qemuImg: string;
  readonly qemuGa: string;
  /** Added to the environment of every process of this build. */
  readonly env: Readonly<Record<string, string>>;
  /** `-L` options that go before the rest of QEMU's arguments. */
  readonly firmwareArgs: readonly string[];
}

/** A build asked for but not there (e.g. `scripts/setup.sh` has not fetched it). */
export class QemuBuildUnavailableError extends QmonError {
  constructor(
    readonly build: string,
    detail: string,
  ) {
    super('QEMU_BUILD_UNAVAILABLE', `QEMU build '${build}' is not available: ${detail}`);
  }
}

const SYSTEM_BUILD: QemuBuild = {
  name: 'system',
  qemuSystem: 'qemu-system-x86_64',
  qemuImg: 'qemu-img',
  qemuGa: 'qemu-ga',
  env: {},
  firmwareArgs: [],
};

/** Releases fetched by `scripts/setup.sh` (see scripts/lib/qemu-releases.sh), by short version. */
const UNPACKED_RELEASES: Readonly<Record<string, string>> = { '10.0': '10.0.2' };

/** The system's own QEMU is Debian 12's 7.2. */
const SYSTEM_ALIASES = new Set(['', 'system', '7.2']);

/** Where setup unpacks builds; as root not under root's 0700 home, which QEMU's own user cannot reach. */
function cacheDir(): string {
  if (process.env.QMON_CACHE_DIR) return process.env.QMON_CACHE_DIR;
  if (process.getuid?.() === 0) return '/var/cache/qmon';
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'qmon');
}

/** The build named `name`, by default `$QMON_QEMU`'s. */
export function qemuBuild(name = process.env.QMON_QEMU ?? ''): QemuBuild {
  if (SYSTEM_ALIASES.has(name)) return SYSTEM_BUILD;
  const release = UNPACKED_RELEASES[name];
  if (release === undefined) {
    throw new QemuBuildUnavailableError(
      name,
      `known builds: system (7.2), ${Object.keys(UNPACKED_RELEASES).join(', ')}`,
    );
  }
  const root = join(cacheDir(), `qemu-${release}`);
  const qemuSystem = join(root, 'usr/bin/qemu-system-x86_64');
  if (!existsSync(qemuSystem)) {
    throw new QemuBuildUnavailableError(name, `${qemuSystem} is missing; run scripts/setup.sh`);
  }
  return {
    name,
    qemuSystem,
    qemuImg: join(root, 'usr/bin/qemu-img'),
    qemuGa: join(root, 'usr/sbin/qemu-ga'),
    env: { QEMU_MODULE_DIR: join(root, 'usr/lib/x86_64-linux-gnu/qemu') },
    firmwareArgs: ['-L', join(root, 'usr/share/qemu'), '-L', join(root, 'usr/share/seabios')],
  };
}

/** `process.env` with the build's additions, for spawning one of its programs. */
export function buildEnv(build: QemuBuild): NodeJS.ProcessEnv {
  return Object.keys(build.env).length === 0 ? process.env : { ...process.env, ...build.env };
}
