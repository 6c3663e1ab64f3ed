/** `qmon serve --fleet`: the daemon extension that joins the host to the fleet. */

import type { DaemonContext } from '../daemon/context.js';
import type { DaemonExtension } from '../daemon/daemon.js';
import { Fleet, type FleetOptions } from './fleet.js';
import { answerForwardedCall, fleetRoutes } from './routes.js';

export function fleetExtension(
  options: FleetOptions,
): (ctx: DaemonContext) => Promise<DaemonExtension> {
  return async (ctx) => {
    const fleet = await Fleet.join(ctx, options);
    fleet.forwarder.serve(answerForwardedCall(fleet));
    return { routes: fleetRoutes(fleet), close: () => fleet.close() };
  };
}
