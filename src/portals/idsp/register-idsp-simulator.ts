// The identity service provider simulator (DOMAIN.md §2.2, E5.3; docs/architecture.md D35): the
// pages a person goes through at an organisation of kind `idsp` to get a DigitalIdentity into
// their wallet. One page per file:
//   /idsp/{ods}                     start: what this simulates          ./start/route.ts
//   /idsp/{ods}/passport            do you already have a passport?     ./passport/route.ts
//   /idsp/{ods}/documents           the details and document form       ./documents/route.ts
//   /idsp/{ods}/checking            the check's result                  ./checking/route.ts
//   (the gateway's wallet-session page offers the credential)
//   /idsp/{ods}/done                the wallet has it                   ./done/route.ts
// Served for roles `all` and `portal`, never in production unless DSP_IDSP_SIMULATOR says so.
import type { FastifyInstance } from 'fastify';
import { registerCheckingPage } from './checking/route.ts';
import { registerDocumentCheck } from './documents/route.ts';
import { registerDonePage } from './done/route.ts';
import type { IdspSimulatorDeps } from './journey.ts';
import { registerPassportQuestion } from './passport/route.ts';
import { registerStartPage } from './start/route.ts';

export type { IdspSimulatorDeps } from './journey.ts';

export function registerIdspSimulator(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  registerStartPage(app, deps);
  registerPassportQuestion(app, deps);
  registerDocumentCheck(app, deps);
  registerCheckingPage(app, deps);
  registerDonePage(app, deps);
}
