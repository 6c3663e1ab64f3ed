/** `qmon vm list --long` without a daemon: what /proc and each VM's agent socket tell. */
import { join } from 'node:path';
import { measureCpu, procStats } from '../daemon/metrics/proc-stats.js';
import type { VmStateRecord } from '../launch/state-file.js';
import { type GuestFacts, guestFacts } from '../qga/guest-facts.js';
import { QgaClient } from '../qga/qga-client.js';
import type { VmFacts } from './vm-facts.js';

/** How long a listing waits for each agent (a VM without one, or whose agent is held, costs this). */
const AGENT_TIMEOUT_MS = 1_500;
const CPU_WINDOW_MS = 250;

export async function localVmFacts(record: VmStateRecord, dir: string): Promise<VmFacts> {
  const [cpuUsage, proc, guest] = await Promise.all([
    measureCpu(record.pid, CPU_WINDOW_MS).catch(() => null),
    procStats(record.pid).catch(() => undefined),
    // The daemon's proxy when a daemon owns the VM (it holds the agent's one channel).
    agentFacts(join(dir, 'agent.sock')).then((facts) => facts ?? agentFacts(join(dir, 'qga.sock'))),
  ]);
  return {
    cpus: record.spec.cpus,
    memoryMiB: record.spec.memoryMiB,
    cpuUsage,
    rssBytes: proc?.rssBytes ?? null,
    guest,
  };
}

async function agentFacts(socket: string): Promise<GuestFacts | null> {
  let client: QgaClient | undefined;
  try {
    client = await QgaClient.connect(socket, {
      connectTimeout: AGENT_TIMEOUT_MS,
      syncTimeout: AGENT_TIMEOUT_MS,
    });
    return await guestFacts(client, AGENT_TIMEOUT_MS);
  } catch {
    return null;
  } finally {
    await client?.close();
  }
}
