import { QmonError } from '../errors.js';

/**
 * The fleet's store (NATS JetStream) did not answer in time: no quorum, or no
 * NATS server reachable. Changes are refused; running VMs keep running.
 */
export class FleetUnavailableError extends QmonError {
  constructor(what: string, cause?: unknown) {
    super(
      'FLEET_UNAVAILABLE',
      `${what}: the fleet's store has no quorum or cannot be reached (${String(
        (cause as Error | undefined)?.message ?? cause,
      )}); changes are refused until it is back, running VMs keep running`,
      { cause },
    );
  }
}

/**
 * The daemon could not connect to the fleet's NATS servers (refused, wrong
 * credentials, TLS), or its NATS user may not do what this host does.
 */
export class FleetJoinError extends QmonError {
  constructor(servers: string[], cause: unknown, hostId?: string) {
    const why = String((cause as Error)?.message ?? cause);
    const hint =
      hostId && /permissions violation/i.test(why)
        ? `; this host's NATS user must be given the permissions of host id ${hostId} (qmon serve --print-host-id, qmon fleet nats-authorization)`
        : '';
    super('FLEET_JOIN_FAILED', `could not join the fleet at ${servers.join(', ')}: ${why}${hint}`, {
      cause,
    });
  }
}

/** A host given for the fleet's NATS users that cannot be one: its id, user name or credentials. */
export class InvalidFleetHostError extends QmonError {
  constructor(what: string) {
    super('FLEET_HOST_INVALID', `fleet host: ${what}`);
  }
}

/** The host owning a VM is down or does not answer a forwarded request. */
export class HostUnreachableError extends QmonError {
  constructor(host: string, why: string) {
    super('HOST_UNREACHABLE', `host ${host}: ${why}`);
  }
}

/** Another host holds the VM's lock: it runs (or may run) there. */
export class VmLockedError extends QmonError {
  constructor(vm: string, host: string) {
    super('VM_LOCKED', `VM ${vm} is held by host ${host}: it cannot run on two hosts at once`);
  }
}

/** An error from another host, with its code and message as that host reported them. */
export class RemoteError extends QmonError {
  constructor(code: string, message: string) {
    super(code as QmonError['code'], message);
  }
}

/** This host's options for migration over TCP with TLS do not fit together (a bad address or certificate). */
export class MigrationTlsConfigError extends QmonError {
  constructor(message: string) {
    super('MIGRATION_TLS_INVALID', message);
  }
}

/** The destination's migration socket is not on this machine, and the hosts have no TLS for TCP. */
export class MigrationUnreachableError extends QmonError {
  constructor(destination: string, path: string) {
    super(
      'MIGRATION_UNREACHABLE',
      `host ${destination} waits for the migration on ${path}, which this host cannot reach: ` +
        'without TLS, migration runs over a unix socket, so both hosts must be one machine or ' +
        'share the runtime folder; to migrate between machines, give both hosts --fleet-ca, ' +
        '--fleet-cert and --fleet-key (and --fleet-address)',
    );
  }
}
