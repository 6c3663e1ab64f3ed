/**
 * The VNC password of one VM, set through QMP (`set_password`,
 * `expire_password`) for each `vnc` ticket. QEMU keeps one VNC password, so a
 * new random one is made only when the last has expired: viewers whose
 * tickets were issued at the same time then share it instead of undoing each
 * other's. It expires a little after the last ticket for it does; connected
 * viewers stay connected.
 */
import { randomBytes } from 'node:crypto';
import type { QmpClient } from '../../qmp/qmp-client.js';

/** VNC authentication uses the first 8 characters of a password (DES). */
const VNC_PASSWORD_LENGTH = 8;

export class VncPassword {
  private current: { password: string; expiresAt: number } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly qmp: QmpClient) {}

  /** A password valid for at least `validMs` from now. */
  issue(validMs: number): Promise<string> {
    const next = this.queue.catch(() => {}).then(() => this.renew(validMs));
    this.queue = next;
    return next;
  }

  private async renew(validMs: number): Promise<string> {
    const now = Date.now();
    if (!this.current || this.current.expiresAt <= now) {
      const password = randomBytes(6).toString('base64url').slice(0, VNC_PASSWORD_LENGTH);
      this.current = undefined;
      await this.qmp.execute('set_password', { protocol: 'vnc', password });
      this.current = { password, expiresAt: now };
    }
    const seconds = Math.ceil(validMs / 1000);
    await this.qmp.execute('expire_password', { protocol: 'vnc', time: `+${seconds}` });
    this.current.expiresAt = now + seconds * 1000;
    return this.current.password;
  }
}
