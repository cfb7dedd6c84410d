// For tests of employee portal pages that need a wallet (S4, S6, S8, …; D45): the real app over
// HTTP, and a person at a trust whose wallet (the holder library, memory stores) already holds the
// trust's AccessKey and Identity, issued to it over real HTTP the way the portal does it:
//   1. HR confirms the identity face to face (confirmIdentityFaceToFace: both provided, pending);
//   2. both offered with `session` binding (offerProvided; the tx_code texted, read from the outbox);
//   3. the holder receives the offer; the session's outcome accepts both (acceptIssued) with their
//      issued serial numbers — later offers to this person are `holder-key` bound to that key;
//   4. a signed-in employee session (signInEmployee) for inject() or a browser.
//
//   const portal = await startEmployeePortal(database);
//   const person = await addEmployeeWithWallet(portal, { ods: 'RZX' });
//   await portal.app.inject({ url: '/trusts/RZX/employee/credentials', headers: { cookie: person.session.cookie } });
//   await person.holder.receive(offerUri);                      // answers a QR page
//   after(() => portal.close());
import type { Organisation } from '../../src/core/passport/organisation.ts';
import type { ProvidedCredential } from '../../src/core/passport/provided-credential.ts';
import type { StaffPassport, StaffPassportInput } from '../../src/core/passport/staff-passport.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { acceptIssued, offerProvided, zIssuanceOutcome } from '../../src/portals/employee/wallet/provided-offers.ts';
import type { Database } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type CredentialRecord, type Holder } from '../../src/wallet/index.ts';
import { testApp } from './app.ts';
import { addFaceToFaceConfirmedPassport } from './employee-access-key.ts';
import { signInEmployee, type EmployeeTestSession } from './employee-session.ts';
import { freePort } from './free-port.ts';

export interface EmployeePortalServer {
  app: Awaited<ReturnType<typeof testApp>>;
  /** `http://localhost:<port>`, the app's public URL. */
  base: string;
  database: Database;
  close(): Promise<void>;
}

export interface EmployeeWithWallet {
  organisation: Organisation;
  /** Read again after identity confirmation (it has its DSP unique identifier). */
  passport: StaffPassport;
  holder: Holder;
  /** The trust's AccessKey and Identity as the wallet holds them. */
  received: CredentialRecord[];
  /** The provided AccessKey and Identity, accepted with their issued serial numbers. */
  accessKey: ProvidedCredential;
  identity: ProvidedCredential;
  session: EmployeeTestSession;
}

/** The real app listening on a free localhost port (its public URL), on `database`. */
export async function startEmployeePortal(database: Database, options: Parameters<typeof testApp>[2] = {}): Promise<EmployeePortalServer> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const app = await testApp(database, { DSP_PUBLIC_URL: base }, options);
  await app.listen({ host: 'localhost', port });
  return { app, base, database, close: () => app.close() };
}

/** A wallet of the holder library with memory stores, allowed to talk to localhost. */
export function newHolder(): Holder {
  return createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
}

/** The latest 6-digit code texted to `mobile` (the outbox is newest first). */
export async function lastSmsCode(database: Database, mobile: string): Promise<string> {
  const digits = mobile.replace(/\D/g, '').replace(/^0/, '');
  const sms = (await listOutbox(database.db, { pageSize: 200 })).messages.find(
    (m) => m.channel === 'sms' && m.template === 'sms-verification-code' && m.recipient.replace(/\D/g, '').endsWith(digits),
  );
  const code = sms ? /(\d{6})/.exec(sms.body)?.[1] : undefined;
  if (!code) throw new Error('no verification code was texted to that mobile');
  return code;
}

/**
 * A person at the trust `ods` (added with the trust and its signing keys when missing) whose
 * wallet holds the trust's AccessKey and Identity, and a signed-in session for them.
 */
export async function addEmployeeWithWallet(
  server: EmployeePortalServer,
  input: { ods: string; passport?: Partial<StaffPassportInput>; holder?: Holder },
): Promise<EmployeeWithWallet> {
  const { app, database } = server;
  const deps = app.employeePortal;
  // 1. HR confirms the identity face to face: the Identity and AccessKey provided, pending.
  const { organisation, scope, added } = await addFaceToFaceConfirmedPassport(server, input);
  const passport = (await staffPassports(database.db, scope).findById(added.id))!;
  const pending = (await providedCredentials(database.db, scope).listForPassport(passport.id)).filter((c) => c.state === 'pending');

  // 2. Both offered with session binding; the tx_code goes to the passport's mobile.
  const offer = await database.transaction((tx) =>
    offerProvided(tx, deps, { organisation, passport, credentials: pending, binding: 'session', browserBinding: 'test-support', returnTo: '/test-support', purpose: 'test-collect-access-key' }),
  );
  const walletUri = (await walletSessions(database.db, scope).get(offer.sessionId, deps.clock.now()))!.walletUri!;
  const txCode = await lastSmsCode(database, passport.mobile!);

  // 3. The wallet receives them; the outcome accepts both under their issued serial numbers.
  const holder = input.holder ?? newHolder();
  const { received } = await holder.receive(walletUri, { txCode });
  const session = await walletSessions(database.db, scope).get(offer.sessionId, deps.clock.now());
  if (session?.state !== 'completed') throw new Error(`the collect-key session did not complete (${session?.state ?? 'missing'}: ${session?.failure ?? ''})`);
  const outcome = zIssuanceOutcome.parse(session.outcome);
  const done = await database.transaction((tx) =>
    acceptIssued(tx, deps, { organisation, passportId: passport.id, actor: `staff:${passport.id}`, credentialIds: pending.map((c) => c.id), outcome }),
  );
  if (done.notAccepted.length > 0) throw new Error('the access key or identity was not accepted');
  const accessKey = done.accepted.find((c) => c.credentialType === 'AccessKey')!;
  const identity = done.accepted.find((c) => c.credentialType === 'Identity')!;

  // 4. Signed in.
  const signedIn = await signInEmployee(app, { ods: input.ods, passportId: passport.id });
  return { organisation, passport, holder, received, accessKey, identity, session: signedIn };
}
