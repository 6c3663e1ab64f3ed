/** What a client needs to know about a command before sending it. */
export interface CommandMetadata {
  /** May be sent with `exec-oob` once the `oob` capability is on. */
  readonly allowOob: boolean;
  /** False for commands that never reply when they succeed (QGA's `guest-shutdown`, `guest-suspend-*`). */
  readonly successResponse: boolean;
  readonly deprecated: boolean;
  /** QEMU's `unstable` feature: experimental, may change without notice. */
  readonly unstable: boolean;
}
