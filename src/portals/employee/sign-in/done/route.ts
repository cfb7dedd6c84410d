// S3: back from the wallet with a verified access key.
//   GET /trusts/{ods}/employee/sign-in/done?walletSession={id}
// The gateway's verifier has already checked the presentation (signature, holder key, the issuer's
// status list — a revoked key fails there and its wallet-session page says so — and that the
// issuer may issue access keys). Here, in order, each refusal a page of its own (403):
//   1. the outcome, for this browser only (D22), taken once (a replay from history signs nobody in);
//   2. the AccessKey's issuer is THIS trust (a key from another trust in the same wallet → "for another organisation");
//   3. the passport at this trust with the presented DSP unique identifier (a deleted one → not found);
//   4. its status lets it sign in (not identity-declined, deactivated or disabled);
//   5. the serial number is the passport's current accepted AccessKey (an older, replaced key → refused).
//      Reconcile: the passport's AccessKey still pending but this trust issued that serial for this
//      person's AccessKey after it was provided — the person added it and closed the browser before
//      the hand-back (S2) — accepts it now, with whatever else that offer issued (the Identity).
//   then a signed-in session under a new token, audit → 303 home (its banners show what waits).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { organisationDid } from '../../../../core/did/index.ts';
import type { Organisation } from '../../../../core/passport/organisation.ts';
import type { ProvidedCredential } from '../../../../core/passport/provided-credential.ts';
import { walletSessionOutcome } from '../../../../gateway/wallet-sessions/index.ts';
import { accessKeyLinks } from '../../../../store/access-key-links.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import type { Db } from '../../../../store/database.ts';
import { employeeAccessKeys } from '../../../../store/employee-access-keys.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import { walletSessions } from '../../../../store/wallet-sessions.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeOrganisationOf, employeePath, employeePublicPage, startEmployeeSession } from '../../auth/employee-context.ts';
import { acceptIssued } from '../../wallet/provided-offers.ts';
import { REFUSED_STATUSES } from '../../access-key/collect-flow.ts';

const zDone = z.object({ walletSession: z.uuid() });
/** The part of a PresentationOutcome (src/gateway/oid4vp) sign-in reads. */
const zSignInOutcome = z.object({
  dspId: z.string().min(1),
  credentials: z.array(z.object({ type: z.string(), issuer: z.string(), issuerName: z.string(), serialNumber: z.string() })),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SignInRefusal = 'other-organisation' | 'no-passport' | 'not-allowed' | 'replaced' | 'revoked';

type Decision = { ok: true; passportId: string } | { ok: false; refusal: SignInRefusal };

export function registerSignInDone(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const refuse = (reply: FastifyReply, organisation: Organisation, refusal: SignInRefusal, issuerName?: string) =>
    employeePublicPage(
      reply,
      organisation,
      'portals/employee/sign-in/done/refused.njk',
      { pageTitle: titles[refusal], refusal, issuerName, signIn: employeePath(organisation, '/sign-in') },
      403,
    );

  app.get('/trusts/:ods/employee/sign-in/done', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await employeeOrganisationOf(request, deps);
    if (!found) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const organisation = found;
    const signIn = employeePath(organisation, '/sign-in');
    const scope = scopeOf(organisation.id);
    const db = deps.database.db;

    // 1. The outcome, this browser's, once.
    const query = zDone.safeParse(request.query);
    if (!query.success) return reply.redirect(signIn, 303);
    const outcome = zSignInOutcome.safeParse(await walletSessionOutcome(db, deps.clock, request, organisation.id, query.data.walletSession));
    if (!outcome.success || !(await walletSessions(db, scope).takeOutcome(query.data.walletSession))) return reply.redirect(signIn, 303);
    const key = outcome.data.credentials.find((c) => c.type === 'AccessKey');
    if (!key) return reply.redirect(signIn, 303);

    // 2. This trust's key.
    if (key.issuer !== organisationDid(deps.publicUrl, organisation.odsCode)) return refuse(reply, organisation, 'other-organisation', key.issuerName);

    // 3–5 in one transaction on the locked passport.
    const dspId = outcome.data.dspId;
    const decision = await deps.database.transaction(async (tx): Promise<Decision> => {
      const byDspId = await staffPassports(tx, scope).findByDspId(dspId);
      const passport = byDspId ? await staffPassports(tx, scope).lock(byDspId.id) : undefined;
      if (!passport) return { ok: false, refusal: 'no-passport' };
      if (REFUSED_STATUSES.includes(passport.status)) return { ok: false, refusal: 'not-allowed' };
      const keys = (await providedCredentials(tx, scope).listForPassport(passport.id, { includeArchived: true })).filter((c) => c.credentialType === 'AccessKey');
      const current = keys.find((c) => c.state === 'accepted');
      const serial = key.serialNumber.toLowerCase();
      if (current?.serialNumber?.toLowerCase() === serial) {
        await audit(tx, { passportId: passport.id, serialNumber: serial, reconciled: false });
        return { ok: true, passportId: passport.id };
      }
      const reconciled = await reconcile(tx, { organisation, passportId: passport.id, dspId, serial, keys });
      if (reconciled) {
        await audit(tx, { passportId: passport.id, serialNumber: serial, reconciled: true });
        return { ok: true, passportId: passport.id };
      }
      // The person's portal record says this key was revoked (the status list is the verifier's
      // source and normally refused it already); any other serial is an older, replaced key.
      if (keys.some((c) => c.state === 'revoked' && c.serialNumber?.toLowerCase() === serial)) return { ok: false, refusal: 'revoked' };
      return { ok: false, refusal: 'replaced' };

      async function audit(tx2: Db, details: { passportId: string; serialNumber: string; reconciled: boolean }) {
        await appendAudit(
          tx2,
          { organisationId: organisation.id, actor: `staff:${details.passportId}`, action: 'employee.signed-in', subject: details.passportId, correlationId: String(request.id), details: { serialNumber: details.serialNumber, reconciled: details.reconciled } },
          deps.clock,
        );
      }
    });
    if (!decision.ok) return refuse(reply, organisation, decision.refusal);

    // A new signed-in session (a new token; whatever this browser held ends).
    await startEmployeeSession(request, reply, organisation, { passportId: decision.passportId, stage: 'signed-in' });
    return reply.redirect(employeePath(organisation), 303);
  });

  /**
   * The key the person presents was issued by this trust for their AccessKey, but the portal never
   * heard back (S2's hand-back did not happen): accept the pending AccessKey under that serial,
   * and the other credentials of the same offer (the Identity), as the hand-back would have.
   * Only a serial issued after the pending AccessKey was provided counts, so an older key cannot
   * stand in for a newer one HR has just provided.
   */
  async function reconcile(
    tx: Db,
    input: { organisation: Organisation; passportId: string; dspId: string; serial: string; keys: ProvidedCredential[] },
  ): Promise<boolean> {
    const pending = input.keys.find((c) => c.state === 'pending');
    if (!pending || !UUID.test(input.serial)) return false;
    const store = employeeAccessKeys(tx, scopeOf(input.organisation.id));
    const issued = await store.issued(input.serial);
    if (!issued || issued.credentialType !== 'AccessKey' || issued.dspId !== input.dspId || issued.issuedAt.getTime() < pending.providedAt.getTime()) return false;
    const inOffer = await store.issuedInOffer(issued.offerId);
    const others = (await providedCredentials(tx, scopeOf(input.organisation.id)).listForPassport(input.passportId)).filter(
      (c) => c.state === 'pending' && c.id !== pending.id && inOffer.some((i) => i.credentialType === c.credentialType && i.credentialType !== 'AccessKey' && i.issuedAt.getTime() >= c.providedAt.getTime()),
    );
    const outcome = { issued: inOffer.map((i) => ({ serialNumber: i.serialNumber, type: i.credentialType })) };
    const done = await acceptIssued(tx, deps, { organisation: input.organisation, passportId: input.passportId, actor: `staff:${input.passportId}`, credentialIds: [pending.id, ...others.map((c) => c.id)], outcome });
    if (!done.accepted.some((c) => c.id === pending.id)) return false;
    await accessKeyLinks(tx, scopeOf(input.organisation.id)).markCollected(input.passportId, deps.clock.now());
    return true;
  }
}

const titles: Record<SignInRefusal, string> = {
  'other-organisation': 'This access key is for another organisation',
  'no-passport': 'We cannot find your Digital Staff Passport',
  'not-allowed': 'You cannot sign in',
  replaced: 'This access key has been replaced',
  revoked: 'Your access key has been revoked',
};
