import { readFileSync, rmSync } from 'node:fs';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import {
  DomainStartFlags,
  LibvirtConnection,
  type LibvirtDomain,
} from '../../src/libvirt/libvirt-connection.js';
import { demoDomainXml, startLibvirtd, type TestLibvirtd } from '../support/libvirtd.js';

/** The domains the libvirt tests share: one for most cases, one that faults may destroy. */
export const MAIN = 'qmon-lv-main';
export const SPARE = 'qmon-lv-spare';

export interface LibvirtFixture {
  daemon: TestLibvirtd;
  /** The connection that created the domains: they live as long as it does (AUTODESTROY). */
  owner: LibvirtConnection;
  domains: Record<string, LibvirtDomain>;
  /** Kills the domains' QEMU by the pid files libvirt keeps (after libvirtd itself was killed). */
  killQemu(): void;
  stop(): Promise<void>;
}

/** Starts a libvirtd and transient demo-guest domains, and waits until their agents answer. */
export async function startFixture(names: string[]): Promise<LibvirtFixture> {
  const guest = await ensureDemoGuest();
  const daemon = await startLibvirtd();
  let owner: LibvirtConnection | undefined;
  try {
    owner = await LibvirtConnection.connect({ uri: daemon.uri, callTimeout: 120_000 });
    const connection = owner;
    const domains: Record<string, LibvirtDomain> = {};
    for (const name of names)
      domains[name] = await connection.createDomain(
        demoDomainXml(name, guest),
        DomainStartFlags.AUTODESTROY,
      );
    await Promise.all(Object.values(domains).map((dom) => waitForAgent(connection, dom, 60_000)));
    return {
      daemon,
      owner: connection,
      domains,
      killQemu: () => {
        for (const name of names) {
          const state = `/run/libvirt/qemu/${name}`;
          try {
            process.kill(Number(readFileSync(`${state}.pid`, 'utf8').trim()), 'SIGKILL');
          } catch {}
          // The status files a killed libvirtd leaves; its next start would otherwise reap them.
          rmSync(`${state}.pid`, { force: true });
          rmSync(`${state}.xml`, { force: true });
        }
      },
      stop: async () => {
        for (const dom of Object.values(domains))
          await connection.destroyDomain(dom, { timeout: 10_000 }).catch(() => {});
        await connection.close().catch(() => {});
        await daemon.stop();
        for (const name of names) {
          try {
            process.kill(
              Number(readFileSync(`/run/libvirt/qemu/${name}.pid`, 'utf8').trim()),
              'SIGKILL',
            );
          } catch {}
        }
      },
    };
  } catch (error) {
    await owner?.close().catch(() => {});
    await daemon.stop();
    throw error;
  }
}

export async function waitForAgent(
  connection: LibvirtConnection,
  dom: LibvirtDomain,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await connection.agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 5 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
