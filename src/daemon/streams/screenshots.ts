/**
 * A VM's screenshots for the API, never taken through a VNC client (which
 * would take a viewer's place): QMP `screendump` as PNG into the VM's runtime
 * folder, at most one per `THROTTLE_MS`; in between, the latest is served.
 * The thumbnail is made from the same picture, once.
 */
import { screendumpBytes } from '../../launch/screendump.js';
import type { Vm } from '../../launch/vm.js';
import { thumbnail } from './thumbnail.js';

export const SCREENSHOT_THROTTLE_MS = 2_000;
const SCREENDUMP_TIMEOUT_MS = 10_000;

interface Shot {
  startedAt: number;
  png: Buffer;
  thumb?: Buffer;
}

export class Screenshots {
  private latest: Shot | undefined;
  private taking: Promise<Shot> | undefined;

  constructor(private readonly vm: Vm) {}

  /** The screen as PNG, or a thumbnail of it (at most 320 pixels wide). */
  async png(options: { thumb?: boolean } = {}): Promise<{ png: Buffer; takenAt: number }> {
    const latest = this.latest;
    const fresh = latest && Date.now() - latest.startedAt < SCREENSHOT_THROTTLE_MS;
    const shot = fresh ? latest : await this.take();
    if (options.thumb) shot.thumb ??= thumbnail(shot.png);
    return { png: (options.thumb ? shot.thumb : shot.png) as Buffer, takenAt: shot.startedAt };
  }

  /** One screendump for every request that arrives while it runs. */
  private take(): Promise<Shot> {
    this.taking ??= (async () => {
      const startedAt = Date.now();
      try {
        const { png } = await screendumpBytes(this.vm.qmp, this.vm.paths.dir, {
          timeout: SCREENDUMP_TIMEOUT_MS,
        });
        this.latest = { startedAt, png };
        return this.latest;
      } finally {
        this.taking = undefined;
      }
    })();
    return this.taking;
  }
}
