/**
 * The QEMU build the tests run against (`$QMON_QEMU`: the system's 7.2 by
 * default, or `10.0` fetched by scripts/setup.sh) and the facts that differ
 * between versions. Tests take banners, version strings, machine type names,
 * reply shapes, agent command counts and error texts from here, never as
 * literals, so the same test holds on every version qmon is tested on.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { buildEnv, type QemuBuild, qemuBuild } from '../../src/launch/qemu-build.js';

export interface QemuVersionFacts {
  /** Short version, as the generated folders name it: `7.2`, `10.0`. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly micro: number;
  /** The full version: `7.2.22`, `10.0.2`. */
  readonly full: string;
  /** The first line of the HMP monitor and of `-monitor stdio`. */
  readonly hmpBanner: string;
  /** The q35 machine type the plain `q35` alias resolves to. */
  readonly q35Machine: string;
  /** Commands the host's qemu-ga of this build lists in `guest-info`. */
  readonly agentCommandCount: number;
  /** Commands qemu-ga lists but always disables on Linux (Windows-only ones, before 10.0 left them out). */
  readonly agentAlwaysDisabled: readonly string[];
  /** What qemu-ga's error for a command disabled with `-b` adds after "has been disabled". */
  readonly disabledCommandDetail: string;
  /** `query-status`'s reply: 7.2 also says `singlestep`, 10.0 no longer does. */
  queryStatus(status: string, running: boolean): Record<string, unknown>;
}

const FACTS: Readonly<Record<string, QemuVersionFacts>> = {
  '7.2': {
    version: '7.2',
    major: 7,
    minor: 2,
    micro: 22,
    full: '7.2.22',
    hmpBanner: "QEMU 7.2.22 monitor - type 'help' for more information",
    q35Machine: 'pc-q35-7.2',
    agentCommandCount: 42,
    agentAlwaysDisabled: ['guest-get-devices'],
    disabledCommandDetail: '',
    queryStatus: (status, running) => ({ status, singlestep: false, running }),
  },
  '10.0': {
    version: '10.0',
    major: 10,
    minor: 0,
    micro: 2,
    full: '10.0.2',
    hmpBanner: "QEMU 10.0.2 monitor - type 'help' for more information",
    q35Machine: 'pc-q35-10.0',
    agentCommandCount: 43,
    agentAlwaysDisabled: [],
    disabledCommandDetail: ': the command is not allowed',
    queryStatus: (status, running) => ({ status, running }),
  },
};

/** The build every test starts QEMU, qemu-img and qemu-ga from. */
export const testBuild = qemuBuild();

/** The facts of the QEMU under test. */
export const qemuFacts: QemuVersionFacts =
  FACTS[testBuild.name === 'system' ? '7.2' : testBuild.name]!;

/**
 * The demo guest carries the system's qemu-ga (7.2) inside, whichever QEMU
 * runs it: its agent's facts are 7.2's.
 */
export const demoGuestAgentFacts: QemuVersionFacts = FACTS['7.2']!;

/** Spawns the QEMU under test (or `build`): its binary, modules and firmware, then `args`. */
export function spawnQemu(
  args: readonly string[],
  options: SpawnOptions = {},
  build: QemuBuild = testBuild,
): ChildProcess {
  return spawn(build.qemuSystem, [...build.firmwareArgs, ...args], {
    ...options,
    env: { ...buildEnv(build), ...options.env },
  });
}

/** `text` as a regular expression source that matches it literally. */
export function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
