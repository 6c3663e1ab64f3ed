/**
 * QEMU's seccomp sandbox (`-sandbox on,...`), on by default with every
 * optional item denied. A VM's spec may relax one item at a time, e.g.
 * `sandbox: { spawn: 'allow' }` for `migrate exec:` (docs/confinement.md).
 */
import { InvalidSpecError } from './errors.js';
import { keyValueOption } from './qemu-option.js';

export interface SandboxSpec {
  /** Obsolete system calls (default deny). */
  obsolete?: 'allow' | 'deny';
  /** set*uid/set*gid and friends; `children` denies them to child processes only (default deny). */
  elevateprivileges?: 'allow' | 'deny' | 'children';
  /** fork and execve: with deny, no host program can be started from QEMU (default deny). */
  spawn?: 'allow' | 'deny';
  /** CPU affinity and scheduler changes (default deny). */
  resourcecontrol?: 'allow' | 'deny';
}

export type ResolvedSandbox = Required<SandboxSpec>;

const CHOICES: Record<keyof SandboxSpec, readonly string[]> = {
  obsolete: ['allow', 'deny'],
  elevateprivileges: ['allow', 'deny', 'children'],
  spawn: ['allow', 'deny'],
  resourcecontrol: ['allow', 'deny'],
};

export function resolveSandbox(sandbox: SandboxSpec | undefined): ResolvedSandbox {
  if (sandbox !== undefined && (typeof sandbox !== 'object' || sandbox === null)) {
    throw new InvalidSpecError('sandbox', 'an object such as { spawn: "allow" }');
  }
  const given: Record<string, unknown> = { ...sandbox };
  for (const key of Object.keys(given)) {
    if (!(key in CHOICES)) throw new InvalidSpecError(`sandbox.${key}`, 'not a sandbox item');
  }
  const resolved = {} as Record<string, string>;
  for (const [key, choices] of Object.entries(CHOICES)) {
    const value = given[key] ?? 'deny';
    if (typeof value !== 'string' || !choices.includes(value)) {
      throw new InvalidSpecError(`sandbox.${key}`, `one of ${choices.join(', ')}`);
    }
    resolved[key] = value;
  }
  return resolved as ResolvedSandbox;
}

/** The `-sandbox` argument. */
export function sandboxOption(sandbox: ResolvedSandbox): string {
  const items = keyValueOption('sandbox', [
    ['obsolete', sandbox.obsolete],
    ['elevateprivileges', sandbox.elevateprivileges],
    ['spawn', sandbox.spawn],
    ['resourcecontrol', sandbox.resourcecontrol],
  ]);
  return `on,${items}`;
}
