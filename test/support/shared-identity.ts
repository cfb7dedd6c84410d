// A realistic shared identity for tests of HR's review (DOMAIN.md E5.4): what the employee
// portal's sign-up stores on a passport once the gateway verified a DigitalIdentity (or an NHS
// Identity from a previous trust) — built from the catalogue's sample claims, which validate
// against the DigitalIdentity schema (src/core/credentials/samples.ts).
//
//   const id = await addPassportWithSharedIdentity(db, scope, { email, claims: { identityDocumentExpiryDate: '2020-01-01' } });
import { randomUUID } from 'node:crypto';
import { SAMPLE_SUBJECTS } from '../../src/core/credentials/index.ts';
import type { SharedIdentity } from '../../src/core/passport/shared-identity.ts';
import type { Db } from '../../src/store/database.ts';
import type { OrganisationScope } from '../../src/store/scope.ts';
import { sharedIdentities } from '../../src/store/shared-identities.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';

export function sampleSharedIdentity(options: { type?: SharedIdentity['type']; dspId?: string; claims?: Record<string, unknown>; verifiedAt?: string } = {}): SharedIdentity {
  const type = options.type ?? 'DigitalIdentity';
  const base = type === 'DigitalIdentity' ? SAMPLE_SUBJECTS.DigitalIdentity : SAMPLE_SUBJECTS.Identity;
  const claims: Record<string, unknown> = { ...base, dspId: options.dspId ?? randomUUID(), ...options.claims };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return {
    v: 1,
    type,
    issuer: type === 'DigitalIdentity' ? 'did:web:localhost%3A3000:idsp:IDSP01' : 'did:web:localhost%3A3000:trusts:RZY',
    issuerName: type === 'DigitalIdentity' ? 'Demo Identity Service (simulated)' : 'Hillside Community Healthcare NHS Trust',
    serialNumber: randomUUID(),
    format: 'dc+sd-jwt',
    verifiedAt: options.verifiedAt ?? '2026-11-20T10:15:00.000Z',
    issuedAt: '2026-11-18T14:02:11Z',
    expiresAt: type === 'DigitalIdentity' ? '2031-05-14T23:59:59Z' : null,
    claims,
  };
}

/** A passport at status `identity-shared` carrying the shared identity's DSP unique identifier, as sign-up leaves it. */
export async function addPassportWithSharedIdentity(
  db: Db,
  scope: OrganisationScope,
  input: { email: string; mobile?: string; givenName?: string; familyName?: string; shared?: SharedIdentity; passportDspId?: string | null },
): Promise<{ passportId: string; shared: SharedIdentity }> {
  const shared = input.shared ?? sampleSharedIdentity();
  const dspId = input.passportDspId === null ? undefined : (input.passportDspId ?? (shared.claims.dspId as string));
  const added = await staffPassports(db, scope).add(
    { givenName: input.givenName ?? 'Olivia', familyName: input.familyName ?? 'Bennett', dateOfBirth: '1990-04-12', email: input.email, ...(input.mobile ? { mobile: input.mobile } : {}), status: 'identity-shared' },
    dspId ? { dspId } : {},
  );
  if (added.outcome !== 'added') throw new Error('passport not added');
  await sharedIdentities(db, scope).set(added.passport.id, shared);
  return { passportId: added.passport.id, shared };
}
