/** The Prometheus text format (version 0.0.4) of every running VM's latest sample. */
import type { Sample } from './rrd.js';

const METRICS: readonly [key: string, name: string, type: 'gauge' | 'counter', help: string][] = [
  ['cpuSeconds', 'qmon_vm_cpu_seconds_total', 'counter', 'CPU time of QEMU (all threads)'],
  ['rssBytes', 'qmon_vm_memory_rss_bytes', 'gauge', 'Resident memory of QEMU'],
  [
    'diskReadBytes',
    'qmon_vm_disk_read_bytes_total',
    'counter',
    'Bytes read by the guest, all disks',
  ],
  [
    'diskWriteBytes',
    'qmon_vm_disk_written_bytes_total',
    'counter',
    'Bytes written by the guest, all disks',
  ],
  ['diskReadOps', 'qmon_vm_disk_reads_total', 'counter', 'Read operations, all disks'],
  ['diskWriteOps', 'qmon_vm_disk_writes_total', 'counter', 'Write operations, all disks'],
  ['balloonBytes', 'qmon_vm_memory_balloon_bytes', 'gauge', 'Memory the balloon leaves the guest'],
  [
    'netRxBytes',
    'qmon_vm_network_received_bytes_total',
    'counter',
    "Bytes received, as the guest's agent counts them (all interfaces but loopback)",
  ],
  [
    'netTxBytes',
    'qmon_vm_network_sent_bytes_total',
    'counter',
    "Bytes sent, as the guest's agent counts them (all interfaces but loopback)",
  ],
];

function label(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

export function prometheusText(
  vms: readonly { id: string; name: string; state: string; sample?: Sample }[],
): string {
  const lines: string[] = [
    '# HELP qmon_vm_up Whether the VM runs (1) or not (0)',
    '# TYPE qmon_vm_up gauge',
  ];
  for (const vm of vms)
    lines.push(
      `qmon_vm_up{id="${vm.id}",name="${label(vm.name)}"} ${vm.state === 'stopped' || vm.state === 'exited' || vm.state === 'crashed' ? 0 : 1}`,
    );
  for (const [key, name, type, help] of METRICS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const vm of vms) {
      const value = vm.sample?.[key];
      if (value !== undefined)
        lines.push(`${name}{id="${vm.id}",name="${label(vm.name)}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
