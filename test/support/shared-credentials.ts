// For tests of HR's review of shared credentials (DOMAIN.md E9): real credentials, really issued and
// really shared, without the employee portal's sharing pages (S6, S7):
//   issueInto  — the person's trust provides more credentials (the catalogue's sample subjects),
//                offers them bound to the wallet's key, the holder library receives them over
//                HTTP and they are accepted under their issued serial numbers;
//   shareInto  — another trust asks for some types through the gateway (createPresentationRequest),
//                the holder presents them over HTTP, and the verified outcome of the wallet session
//                (each credential without the holder's proof) is kept for review with
//                sharedCredentials(…).receive, as S6/S7 will do.
//
//   const person = await addEmployeeWithWallet(server, { ods: 'RSC02' });
//   await issueInto(server, person, ['CoreSkill', 'DBSCheck']);
//   const shared = await shareInto(server, person, trustA, passportAtA.id, ['Identity', 'CoreSkill']);
import { SAMPLE_SUBJECTS, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import type { ProvidedCredential } from '../../src/core/passport/provided-credential.ts';
import { createPresentationRequest, type PresentationOutcome } from '../../src/gateway/oid4vp/index.ts';
import { acceptIssued, offerProvided, zIssuanceOutcome } from '../../src/portals/employee/wallet/provided-offers.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../src/store/shared-credentials.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import type { EmployeePortalServer, EmployeeWithWallet } from './employee-wallet.ts';

/** The person's trust provides `types`; the wallet receives and accepts them. */
export async function issueInto(server: EmployeePortalServer, person: EmployeeWithWallet, types: readonly CredentialTypeId[]): Promise<ProvidedCredential[]> {
  const { app, database } = server;
  const deps = app.employeePortal;
  const scope = scopeOf(person.organisation.id);
  const provided = await database.transaction(async (tx) => {
    const store = providedCredentials(tx, scope);
    const items = types.map((type) => {
      const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS[type];
      return { type, subject };
    });
    const plan = planProvision(items, await store.versionsOf(person.passport.id), new Date());
    return store.provide(person.passport.id, plan.provide, { source: 'manual', actor: 'system:test', now: new Date() });
  });
  const pending = await Promise.all(provided.map(async (p) => (await providedCredentials(database.db, scope).findById(p.id))!));
  const offer = await database.transaction((tx) =>
    offerProvided(tx, deps, { organisation: person.organisation, passport: person.passport, credentials: pending, binding: 'holder-key', browserBinding: 'test-support', returnTo: '/test-support', purpose: 'test-issue' }),
  );
  const walletUri = (await walletSessions(database.db, scope).get(offer.sessionId, deps.clock.now()))!.walletUri!;
  await person.holder.receive(walletUri);
  const session = await walletSessions(database.db, scope).get(offer.sessionId, deps.clock.now());
  if (session?.state !== 'completed') throw new Error(`the issuance did not complete (${session?.state ?? 'missing'}: ${session?.failure ?? ''})`);
  const done = await database.transaction((tx) =>
    acceptIssued(tx, deps, { organisation: person.organisation, passportId: person.passport.id, actor: `staff:${person.passport.id}`, credentialIds: pending.map((c) => c.id), outcome: zIssuanceOutcome.parse(session.outcome) }),
  );
  if (done.notAccepted.length > 0) throw new Error('not every issued credential was accepted');
  return done.accepted;
}

/** The holder shares `types` with `verifier` through the gateway; the verified outcome is kept for review on `passportId`. */
export async function shareInto(server: EmployeePortalServer, person: EmployeeWithWallet, verifier: Organisation, passportId: string, types: readonly CredentialTypeId[]): Promise<SharedCredential[]> {
  const { app, database } = server;
  const clock = app.employerPortal.clock;
  const request = await database.transaction((tx) =>
    createPresentationRequest(tx, { keys: app.services.keys, clock, publicUrl: server.base }, {
      organisation: verifier,
      credentials: types.map((type, i) => ({ id: `q${i}`, type })),
      purpose: 'Share your credentials with your new trust',
      walletSession: { purpose: 'test-share', browserBinding: 'test-support', returnTo: '/test-support', ttlSeconds: 300 },
      ...(person.passport.dspId ? { expectedDspId: person.passport.dspId } : {}),
    }),
  );
  await person.holder.present(await person.holder.resolvePresentationRequest(request.requestUri));
  const session = await walletSessions(database.db, scopeOf(verifier.id)).get(request.sessionId, clock.now());
  if (session?.state !== 'completed') throw new Error(`the share did not complete (${session?.state ?? 'missing'}: ${session?.failure ?? ''})`);
  const outcome = session.outcome as PresentationOutcome;
  return database.transaction((tx) =>
    sharedCredentials(tx, scopeOf(verifier.id)).receive(
      passportId,
      request.sessionId,
      outcome.credentials.map((c) => ({
        type: c.type,
        format: c.format,
        issuer: c.issuer,
        issuerName: c.issuerName,
        serialNumber: c.serialNumber,
        claims: c.claims,
        compact: c.compact,
        issuedAt: new Date(c.issuedAt),
        expiresAt: c.expiresAt ? new Date(c.expiresAt) : null,
      })),
      clock.now(),
    ),
  );
}
