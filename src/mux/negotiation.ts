export type NegotiationResult =
  | { ok: true; oob: boolean }
  | { ok: false; errorClass: 'GenericError' | 'CommandNotFound'; desc: string };

/** Capabilities QEMU 7.2 knows (QMPCapability). */
const KNOWN_CAPABILITIES = new Set(['oob']);

/**
 * Answers a client's `qmp_capabilities` the way QEMU does: arguments checked
 * first (QEMU's wording), then refused once negotiation is complete, then each
 * capability checked against what the greeting offered.
 */
export function negotiate(
  args: Record<string, unknown> | undefined,
  offered: readonly string[],
  alreadyNegotiated: boolean,
): NegotiationResult {
  const enable: string[] = [];
  for (const [key, value] of Object.entries(args ?? {})) {
    if (key !== 'enable') return generic(`Parameter '${key}' is unexpected`);
    if (!Array.isArray(value))
      return generic("Invalid parameter type for 'enable', expected: array");
    for (const [index, capability] of value.entries()) {
      if (typeof capability !== 'string')
        return generic(`Invalid parameter type for 'enable[${index}]', expected: string`);
      // QEMU 7.2 names the parameter 'null' here.
      if (!KNOWN_CAPABILITIES.has(capability))
        return generic(`Parameter 'null' does not accept value '${capability}'`);
      enable.push(capability);
    }
  }
  if (alreadyNegotiated) {
    return {
      ok: false,
      errorClass: 'CommandNotFound',
      desc: 'Capabilities negotiation is already complete, command ignored',
    };
  }
  const unavailable = enable.filter((capability) => !offered.includes(capability));
  if (unavailable.length > 0) return generic(`Capability ${unavailable.join(', ')} not available`);
  return { ok: true, oob: enable.includes('oob') };
}

function generic(desc: string): NegotiationResult {
  return { ok: false, errorClass: 'GenericError', desc };
}
