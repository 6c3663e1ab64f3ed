/** `qmon serve --fleet`: the daemon extension that joins the host to the fleet. */
import type { DaemonOptions } from '../daemon/daemon.js';
import { FleetJoinError } from './errors.js';
import { Fleet, type FleetOptions } from './fleet.js';
import { remoteConsoles } from './remote-consoles.js';
import { answerForwardedCall, fleetRoutes } from './routes.js';

export function fleetExtension(options: FleetOptions): NonNullable<DaemonOptions['extend']> {
  return async (ctx, { publish }) => {
    const fleet = await Fleet.join(ctx, options, publish);
    try {
      await fleet.forwarder.serve(answerForwardedCall(fleet));
    } catch (error) {
      await fleet.close();
      throw new FleetJoinError(options.servers, error, ctx.hostId);
    }
    return {
      routes: fleetRoutes(fleet),
      remoteConsoles: remoteConsoles(fleet),
      autostart: () => fleet.autostart(),
      close: () => fleet.close(),
    };
  };
}
