import type { DemoGuest } from './demo-guest/demo-guest.js';
import type { VmSpec } from './spec.js';

/**
 * A spec that boots qmon's demo guest (see demo-guest/): its kernel, initramfs
 * and command line, 256 MiB, the agent channel, the serial console (the kernel
 * logs to ttyS0) and a user-mode NIC. `overrides` replaces any field.
 */
export function demoGuestVmSpec(
  guest: DemoGuest,
  name: string,
  overrides: Partial<VmSpec> = {},
): VmSpec {
  return {
    name,
    machine: 'q35',
    accel: 'tcg',
    cpu: 'max',
    memoryMiB: 256,
    kernel: guest.kernel,
    initrd: guest.initrd,
    append: guest.cmdline,
    guestAgent: true,
    serial: true,
    vga: 'none',
    nics: [{ id: 'nic0' }],
    ...overrides,
  };
}
