/**
 * TLS for a migration stream, as libvirt's `--tls` does it: QEMU's own
 * `tls-creds-x509`. The destination's QEMU takes only a peer whose
 * certificate the CA signed (`verify-peer=on`); the source's checks the
 * destination's certificate and the name it must carry (`tls-hostname`).
 *
 * QEMU runs confined and reads its credentials from a folder by name, so it
 * gets a private copy in the VM's runtime folder: the folder and files belong
 * to qmon's user and the runtime folder's group (QEMU's, when confined), the
 * folder 0750 and the files 0640 (nobody else reads the key, QEMU cannot
 * change them), removed when the migration ends.
 */
import { chmod, chown, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { QmpClient } from '../qmp/qmp-client.js';

/** PEM files: the CA both ends trust, and this end's certificate and key. */
export interface MigrationTlsFiles {
  ca: string;
  cert: string;
  key: string;
}

export interface MigrationTls extends MigrationTlsFiles {
  /** The VM's runtime folder: QEMU reads its copy of the credentials there. */
  runtimeDir: string;
  /** On the source: the name the destination's certificate must carry (default: the URI's host). */
  hostname?: string;
}

export const MIGRATION_TLS_OBJECT = 'qmon-migration-tls';
/** The private copy's folder inside the VM's runtime folder. */
export const MIGRATION_TLS_DIR = 'migration-tls';

/** Writes `from`'s content to a new file `to` that only qmon's user and group `gid` may read. */
async function copyPrivate(from: string, to: string, gid: number): Promise<void> {
  const content = await readFile(from);
  const handle = await open(to, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.chown(process.getuid?.() ?? 0, gid);
    await handle.chmod(0o640);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function disable(qmp: QmpClient): Promise<void> {
  if (qmp.isClosed) return;
  await qmp
    .execute('migrate-set-parameters', { 'tls-creds': '', 'tls-hostname': '' })
    .catch(() => {});
  await qmp.execute('object-del', { id: MIGRATION_TLS_OBJECT }).catch(() => {});
}

/**
 * Gives the VM's QEMU the credentials for one migration, as `server` (the
 * destination) or `client` (the source), and makes migration use them.
 * Returns the undo: migration without TLS again, the object and the copy gone.
 */
export async function enableMigrationTls(
  qmp: QmpClient,
  endpoint: 'server' | 'client',
  tls: MigrationTls,
): Promise<() => Promise<void>> {
  const dir = join(tls.runtimeDir, MIGRATION_TLS_DIR);
  const undo = async () => {
    await disable(qmp);
    await rm(dir, { recursive: true, force: true });
  };
  // What a migration interrupted by a crash of qmon may have left.
  await undo();
  try {
    const { gid } = await stat(tls.runtimeDir);
    await mkdir(dir, { mode: 0o700 });
    await copyPrivate(tls.ca, join(dir, 'ca-cert.pem'), gid);
    await copyPrivate(tls.cert, join(dir, `${endpoint}-cert.pem`), gid);
    await copyPrivate(tls.key, join(dir, `${endpoint}-key.pem`), gid);
    await chown(dir, process.getuid?.() ?? 0, gid);
    await chmod(dir, 0o750);
    await qmp.execute('object-add', {
      'qom-type': 'tls-creds-x509',
      id: MIGRATION_TLS_OBJECT,
      dir,
      endpoint,
      'verify-peer': true,
    });
    await qmp.execute('migrate-set-parameters', {
      'tls-creds': MIGRATION_TLS_OBJECT,
      'tls-hostname': tls.hostname ?? '',
    });
  } catch (error) {
    await undo();
    throw error;
  }
  return undo;
}
