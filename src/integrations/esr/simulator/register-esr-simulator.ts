// Mounts the simulated ESR on a Fastify server under a prefix (`/esr-sim` for the roles `all` and
// `esr-sim`, docs/esr.md): the port's HTTP interface always, the control endpoints when asked.
import type { FastifyInstance } from 'fastify';
import { registerEsrControlRoutes } from './control-routes.ts';
import { registerEsrPortRoutes } from './port-routes.ts';
import type { EsrSimulator } from './simulator.ts';

export const esrSimulatorPrefix = '/esr-sim';

export interface EsrSimulatorRoutesOptions {
  simulator: EsrSimulator;
  /** Serve the control endpoints (tests and demos; off in production unless enabled). */
  control: boolean;
  /** Default `/esr-sim`. */
  prefix?: string;
}

export function registerEsrSimulator(app: FastifyInstance, options: EsrSimulatorRoutesOptions): void {
  const prefix = options.prefix ?? esrSimulatorPrefix;
  void app.register(
    async (scope) => {
      registerEsrPortRoutes(scope, options.simulator);
      // Its own scope: the control endpoints' error handler is theirs alone.
      if (options.control) await scope.register(async (control) => registerEsrControlRoutes(control, options.simulator));
    },
    { prefix },
  );
}
