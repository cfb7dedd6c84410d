// For tests of collecting the access key (S2) and signing in with it (S3): a person whose identity
// HR confirmed face to face (the AccessKey and Identity provided, pending; the access-key email in
// the outbox) and the emailed link's path; a holder-library wallet on the test's clock; a record's
// serial number; the wallet-session page's links.
//
//   const person = await confirmedPerson(portal, { ods: 'RZX' });
//   await client.get(person.link);                    // /trusts/RZX/employee/access-key/{token}
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import type { StaffPassport, StaffPassportInput } from '../../src/core/passport/staff-passport.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { confirmIdentityFaceToFace } from '../../src/portals/employer/identity-shared/identity-actions.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type CredentialRecord, type Holder } from '../../src/wallet/index.ts';
import { addStaffPassportAt } from './employee-session.ts';
import type { EmployeePortalServer } from './employee-wallet.ts';

export interface ConfirmedPerson {
  organisation: Organisation;
  /** Read again after the confirmation (it has its DSP unique identifier). */
  passport: StaffPassport;
  /** The path of the link in the access-key-ready email. */
  link: string;
}

/**
 * A passport at `ods` (the trust and its signing keys added when missing) whose identity HR
 * confirmed face to face: the Identity and AccessKey provided, pending, the access-key email sent.
 */
export async function addFaceToFaceConfirmedPassport(server: Pick<EmployeePortalServer, 'app' | 'database'>, input: { ods: string; passport?: Partial<StaffPassportInput> }) {
  const { app, database } = server;
  const { organisation, passport: added } = await addStaffPassportAt(app, { ods: input.ods, passport: { givenName: 'Olivia', familyName: 'Bennett', ...input.passport } });
  await provisionOrganisationKeys(database.db, app.services.keys, organisation.id);
  const scope = scopeOf(organisation.id);
  const confirmed = await database.transaction((tx) =>
    confirmIdentityFaceToFace(tx, app.employeePortal, { organisation, scope, actor: 'system:test', correlationId: randomUUID() }, added.id, {
      firstName: added.givenName,
      middleNames: undefined,
      lastName: added.familyName,
      birthDate: '1990-04-12',
      legalGender: 'Female',
      nationality: 'British',
      addressLine1: '27 Mill Lane',
      addressLine2: undefined,
      townOrCity: 'Riverside',
      postcode: 'RV1 4QT',
      employmentType: 'Permanent or fixed term',
      checked: 'yes',
    }),
  );
  if (confirmed.outcome !== 'confirmed') throw new Error(`identity not confirmed (${confirmed.outcome})`);
  return { organisation, scope, added };
}

/** A passport at `ods` (with the trust and its signing keys) whose identity HR confirmed face to face. */
export async function confirmedPerson(server: Pick<EmployeePortalServer, 'app' | 'database'>, input: { ods: string; passport?: Partial<StaffPassportInput> }): Promise<ConfirmedPerson> {
  const { database } = server;
  const { organisation, scope, added } = await addFaceToFaceConfirmedPassport(server, input);
  const email = (await listOutbox(database.db, { organisationId: organisation.id, pageSize: 200 })).messages.find((m) => m.template === 'access-key-ready-email' && m.recipient === added.email);
  const url = email ? /(https?:\/\/\S+\/access-key\/[A-Za-z0-9_-]+)/.exec(email.body)?.[1] : undefined;
  if (!url) throw new Error('no access-key email with a link');
  return { organisation, passport: (await staffPassports(database.db, scope).findById(added.id))!, link: new URL(url).pathname };
}

/** A holder-library wallet (memory stores, localhost allowed) on the given clock. */
export function holderOn(clock: Clock): Holder {
  return createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true, clock });
}

/** A wallet record's serial number: the credential's `jti` (urn:uuid:…). */
export function serialOf(record: CredentialRecord): string {
  return String(decodeJwt(record.credential.split('~')[0]!).jti).replace('urn:uuid:', '');
}

/** The wallet-session page's same-device button (for an offer, the wallet link itself). */
export function sameDeviceLink(html: string): string {
  return /<a href="([^"]+)" class="nhsuk-button"[^>]*id="open-wallet"/.exec(html)![1]!.replace(/&amp;/g, '&');
}

/** The QR code's link of a presentation's wallet-session page: the button's link without `flow=same-device`. */
export function crossDeviceLink(html: string): string {
  const url = new URL(sameDeviceLink(html));
  const requestUri = url.searchParams.get('request_uri');
  if (requestUri) url.searchParams.set('request_uri', requestUri.replace(/[?&]flow=same-device$/, ''));
  return url.toString();
}
