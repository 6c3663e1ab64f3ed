import { registerStreamScheme } from '../transport/stream-schemes.js';

/** `libvirt:NAME` targets for every verb; the libvirt layer loads only when one is used. */
export function registerCliStreamSchemes(): void {
  registerStreamScheme('libvirt:', async (target, options) => {
    const { openLibvirtChannel } = await import('../libvirt/channel-target.js');
    return openLibvirtChannel(target, options);
  });
}
