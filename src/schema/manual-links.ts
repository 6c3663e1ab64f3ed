/**
 * Links to QEMU's reference manuals. QEMU 7.2's own manual anchors its
 * entries as `#qapidoc-NNN`, numbers that change with every edit, so the links
 * go to the current manual, whose anchors are stable:
 * `#<kind>-<namespace>-<module>.<name>`, e.g. `#command-QMP-block-core.query-block`.
 */
export interface ManualLinks {
  /** The manual page, e.g. `https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html`. */
  readonly page: string;
  /** QEMU's documentation namespace: `QMP` or `QGA`. */
  readonly namespace: string;
}

export const qmpManual: ManualLinks = {
  page: 'https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html',
  namespace: 'QMP',
};

export const qgaManual: ManualLinks = {
  page: 'https://www.qemu.org/docs/master/interop/qemu-ga-ref.html',
  namespace: 'QGA',
};

export function manualLink(
  manual: ManualLinks,
  kind: 'command' | 'event',
  module: string,
  name: string,
): string {
  return `${manual.page}#${kind}-${manual.namespace}-${module}.${name}`;
}
