// Deleting a staff passport at a trust, in the caller's transaction: by HR (DOMAIN.md E15) or by
// the person themself (S12). One path for both, so they cannot drift apart:
//   1. the passport, locked (none: `not-found` — already deleted by an earlier submission, or
//      another trust's id);
//   2. every credential this trust issued to the person and that may still be in a wallet is
//      revoked in the status ledger (src/store/issued-serial-numbers.ts): after deletion nothing
//      is left here to vouch for it, so it must fail verification (the ledger records an audit
//      entry per credential; one already revoked stays as it is);
//   3. the person is emailed (E15: their invitation or record was deleted; S12: they deleted it)
//      — the email goes whatever their notification settings, as the record of an irreversible
//      change; an address that no longer parses is skipped;
//   4. the passport is deleted: its history, invitations, provided credentials, requests and
//      employee-portal sessions go with it by their foreign keys;
//   5. the audit entry `staff-passport.deleted` (identifiers and counts only, no personal data).
import type { Organisation } from '../core/passport/organisation.ts';
import { InvalidRecipient, type Notifier } from '../integrations/notify/index.ts';
import type { Clock } from '../platform/clock.ts';
import { appendAudit } from '../store/audit-log.ts';
import type { Db } from '../store/database.ts';
import { issuedSerialNumbersOf } from '../store/issued-serial-numbers.ts';
import type { OrganisationScope } from '../store/scope.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { statusLedger } from '../store/status-ledger.ts';

export interface DeletePassportDeps {
  notifier: Notifier;
  clock: Clock;
}

export interface DeletePassportInput {
  organisation: Pick<Organisation, 'id' | 'name'>;
  scope: OrganisationScope;
  passportId: string;
  /** `user:<id>` (HR, E15) or `staff:<passport id>` (the person, S12). */
  actor: string;
  correlationId: string;
  /** Who asked: decides the email's wording. */
  by: 'trust' | 'holder';
}

export type DeletePassportOutcome = { outcome: 'deleted'; revoked: number } | { outcome: 'not-found' };

export async function deleteStaffPassport(tx: Db, deps: DeletePassportDeps, input: DeletePassportInput): Promise<DeletePassportOutcome> {
  // 1. The passport of this trust.
  const passport = await staffPassports(tx, input.scope).lockForUpdate(input.passportId);
  if (!passport) return { outcome: 'not-found' };

  // 2. Revoke what may still be in a wallet.
  const ledger = statusLedger(tx, input.scope);
  let revoked = 0;
  for (const serialNumber of await issuedSerialNumbersOf(tx, input.scope, { passportId: passport.id, dspId: passport.dspId })) {
    const result = await ledger.revoke({ serialNumber, reason: 'Other', actor: input.actor, correlationId: input.correlationId }, deps.clock);
    if (result.outcome === 'changed') revoked += 1;
  }

  // 3. Tell the person.
  if (passport.email) {
    const personalisation = { name: passport.givenName, organisation_name: input.organisation.name };
    try {
      if (input.by === 'holder') await deps.notifier.send(tx, { organisationId: input.organisation.id, channel: 'email', to: passport.email, template: 'employee-passport-deleted-email', personalisation });
      else await deps.notifier.send(tx, { organisationId: input.organisation.id, channel: 'email', to: passport.email, template: 'staff-invitation-deleted-email', personalisation });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }

  // 4. Delete, 5. audit.
  await staffPassports(tx, input.scope).remove(passport.id);
  await appendAudit(
    tx,
    { organisationId: input.organisation.id, actor: input.actor, action: 'staff-passport.deleted', subject: passport.id, correlationId: input.correlationId, details: { status: passport.status, by: input.by, revoked } },
    deps.clock,
  );
  return { outcome: 'deleted', revoked };
}
