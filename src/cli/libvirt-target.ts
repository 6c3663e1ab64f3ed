/** Whether a TARGET names a libvirt domain (`libvirt:NAME`); kept apart so verbs load libvirt only when used. */
export function isLibvirtTarget(target: string): boolean {
  return target.startsWith('libvirt:');
}
