// dsp start --role esr-sim: the simulated ESR on its own (docs/esr.md). It holds its population
// in memory and needs no database, so it takes no lock on the data dir and can run beside
// `npm start`; point DSP_ESR_URL of the other processes at it.
import type { FastifyInstance } from 'fastify';
import { createEsrSimulatorApp } from '../app.ts';
import { DEMO_ASSIGNMENT_NUMBER, DEMO_ORG_CODE, esrSimulatorPrefix } from '../integrations/esr/index.ts';
import type { Config } from '../platform/config.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger, type Logger } from '../platform/logger.ts';

export interface EsrSimulatorRunning {
  app: FastifyInstance;
  /** The same shape as a full server's runtime, as far as `runStart` needs it. */
  runtime: { logger: Logger };
  url: string;
  stop(): Promise<void>;
}

export async function startEsrSimulatorServer(config: Config, options: { logger?: Logger; say?: (line: string) => void } = {}): Promise<EsrSimulatorRunning> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = options.logger ?? createLogger(config.log.level);
  const app = await createEsrSimulatorApp({ config, logger, clock: systemClock });
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `${config.http.publicUrl}${esrSimulatorPrefix}`;
  const { esr } = config;
  say(
    [
      '',
      `Open DSP's ESR simulator is running (role esr-sim, in memory, no database) on port ${port}.`,
      `  ESR interface:  ${url}  (set DSP_ESR_URL to this in the other processes)`,
      `  Population:     ${esr.simSize} people in each of ${esr.simOrganisations.join(', ')}, seed "${esr.simSeed}"`,
      `  Demo person:    assignment number ${DEMO_ASSIGNMENT_NUMBER} at ${DEMO_ORG_CODE} (Olivia Bennett)`,
      `  Control:        ${esr.simControl ? `${url}/control  (change records, inject faults)` : 'off (DSP_ESR_SIM_CONTROL=true to serve it)'}`,
      '',
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
  let stopping: Promise<void> | undefined;
  return { app, runtime: { logger }, url, stop: () => (stopping ??= app.close()) };
}
