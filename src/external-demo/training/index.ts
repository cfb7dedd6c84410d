// The example external system (docs/architecture.md D36): the Northern Clinical Skills Academy's
// learning portal, at /demo/training. It plays an external system integrating with the Digital
// Staff Passport by the direct-to-wallet standard (DOMAIN.md §4.3): employees sign in with its
// own accounts, see their training records, check their identity through the gateway (verifying
// mode), see exactly what will be downloaded, download records to their wallet (issuing mode),
// and its administrator revokes records at the gateway and emails the person. It knows Open DSP
// only through the gateway's public HTTP interface (lint keeps it from importing our gateway,
// store or domain); its own data is a JSON file of its own (./state.ts).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { registerAdminPage } from './admin/route.ts';
import { registerAlreadyDownloaded } from './already-downloaded/route.ts';
import { registerCallback } from './callback/route.ts';
import { registerCheckDownload } from './check-download/route.ts';
import { registerCheckIdentity } from './check-identity/route.ts';
import { registerDownloadStart } from './download/route.ts';
import { registerDownloaded } from './downloaded/route.ts';
import { gatewayConnection, type GatewayOnboarding } from './gateway-client.ts';
import { registerIdentityChecked } from './identity-checked/route.ts';
import { registerIdentityNotMatched } from './identity-not-matched/route.ts';
import type { PortalContext, SendEmail } from './portal.ts';
import { registerRecordsPage } from './records/route.ts';
import { registerRevoke } from './revoke/route.ts';
import { seedPortalState } from './seed.ts';
import { createSessions } from './sessions.ts';
import { registerSignIn } from './sign-in/route.ts';
import { registerSignOut } from './sign-out/route.ts';
import { fileStateStore, stateFilePath } from './state.ts';

export { ACADEMY, BASE_PATH, paths, redirectUriOf } from './academy.ts';
export { DEMO_ACCOUNTS, TRAINING_DEMO_PASSWORD } from './seed.ts';
export { stateFilePath } from './state.ts';
export type { GatewayOnboarding } from './gateway-client.ts';
export type { RevocationEmail, SendEmail } from './portal.ts';

export interface TrainingDemoDeps {
  /** Open DSP's public URL: the gateway is at `{publicUrl}/gateway`, the portal's pages under it too. */
  publicUrl: string;
  /** Where the portal keeps its state file (`$DSP_DATA_DIR`). */
  dataDir: string;
  secureCookies: boolean;
  clock: Clock;
  /** How the portal gets its gateway client id and secret (onboarding, outside the protocol). */
  onboarding: GatewayOnboarding;
  /** Sends the revocation email (the academy's own mail service in real life). */
  sendEmail: SendEmail;
}

/**
 * Mounts the portal. Nothing is read or written until its first request: the state file is
 * created (seeded) then, and the gateway client is registered the first time the portal needs
 * the gateway, if the demo world's academy exists by then.
 */
export function registerTrainingDemo(app: FastifyInstance, deps: TrainingDemoDeps): void {
  const state = fileStateStore(stateFilePath(deps.dataDir), () => seedPortalState(deps.clock));
  const ctx: PortalContext = {
    publicUrl: deps.publicUrl,
    clock: deps.clock,
    state,
    sessions: createSessions({ clock: deps.clock, secureCookies: deps.secureCookies }),
    gateway: gatewayConnection({ publicUrl: deps.publicUrl, state, onboarding: deps.onboarding, clock: deps.clock }),
    sendEmail: deps.sendEmail,
  };
  registerSignIn(app, ctx);
  registerSignOut(app, ctx);
  registerRecordsPage(app, ctx);
  registerDownloadStart(app, ctx);
  registerAlreadyDownloaded(app, ctx);
  registerCheckIdentity(app, ctx);
  registerCallback(app, ctx);
  registerIdentityChecked(app, ctx);
  registerIdentityNotMatched(app, ctx);
  registerCheckDownload(app, ctx);
  registerDownloaded(app, ctx);
  registerAdminPage(app, ctx);
  registerRevoke(app, ctx);
}
