/**
 * Each bundled QEMU version's maps as one type, to pick the version a client
 * is typed for: `QmpClient.connect<Qemu72>(path)`, `QgaClient.connect<Qemu72>(path)`.
 */

import type * as qemu72 from './generated/qemu-7.2/index.js';
import type * as qemu100 from './generated/qemu-10.0/index.js';

/** What a QEMU version's types are made of. */
export interface QemuTypes {
  readonly qmpCommands: object;
  readonly qmpEvents: object;
  readonly qgaCommands: object;
}

export interface Qemu72 extends QemuTypes {
  readonly qmpCommands: qemu72.QmpCommandMap;
  readonly qmpEvents: qemu72.QmpEventMap;
  readonly qgaCommands: qemu72.QgaCommandMap;
}

export interface Qemu100 extends QemuTypes {
  readonly qmpCommands: qemu100.QmpCommandMap;
  readonly qmpEvents: qemu100.QmpEventMap;
  readonly qgaCommands: qemu100.QgaCommandMap;
}

/** The version the bare clients are typed for (see `defaultQemuVersion`). */
export type DefaultQemu = Qemu100;
