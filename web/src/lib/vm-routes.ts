/** What the tabs ask about a VM's devices beyond the typed client's methods. */
import { api } from './api.js';

/** Devices added by id (the spec's and hotplugged ones), from QEMU's own tree. */
export async function peripherals(vmId: string): Promise<{ id: string; type: string }[]> {
  const children = (await api.qmp(vmId, 'qom-list', { path: '/machine/peripheral' })) as {
    name: string;
    type: string;
  }[];
  return children
    .filter((child) => child.type.startsWith('child<'))
    .map((child) => ({ id: child.name, type: child.type.slice(6, -1) }));
}
