// What signing up from an invitation (DOMAIN.md S1; D45) writes on a staff passport, scoped by
// the organisation (D11): the terms version accepted, the identity route, the shared digital
// identity, the email address and mobile proved by a code, the optional ESR assignment number and
// Oriel PIN, and the end of sign-up (status, signed_up_at, the invitation accepted). The sign-up
// columns are not part of StaffPassport (src/core/passport/staff-passport.ts); they are read and
// written here only. Changes that can hit a unique index (email, mobile, DSP id at the trust) run
// in a savepoint, so a clash is an answer for the form and the caller's transaction goes on.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SharedIdentity } from '../core/passport/shared-identity.ts';
import type { PassportStatus } from '../core/passport/staff-passport.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';
import { passportPhotos } from './passport-photos.ts';
import { isUniqueViolation } from './staff-passports.ts';

const t = schema.staffPassports;
const inv = schema.invitations;

export type IdentityRoute = 'digital-identity' | 'face-to-face';

/** The passport's sign-up columns. `sharedIdentity` is the raw JSON: read it with parseSharedIdentity. */
export interface SignUpRecord {
  termsVersion: string | null;
  termsAcceptedAt: Date | null;
  identityRoute: IdentityRoute | null;
  sharedIdentity: unknown;
  emailVerifiedAt: Date | null;
  mobileVerifiedAt: Date | null;
  signedUpAt: Date | null;
}

export type ContactChange = 'changed' | 'taken' | 'not-found';
export type ShareIdentityResult = 'stored' | 'dsp-id-taken' | 'dsp-id-differs' | 'not-found';

export function employeeSignUp(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  const byId = (id: string) => and(inScope, eq(t.id, id));
  const set = async (id: string, values: Partial<typeof t.$inferInsert>, on: Db = db) => {
    const rows = await on
      .update(t)
      .set({ ...values, updatedAt: sql`now()` })
      .where(byId(id))
      .returning({ id: t.id });
    return rows.length === 1;
  };
  /** Runs a change that a unique index may refuse in a savepoint: `taken` instead of an aborted transaction. */
  const guarded = async (change: (sp: Db) => Promise<boolean>): Promise<ContactChange> => {
    try {
      return (await db.transaction(change)) ? 'changed' : 'not-found';
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
  };

  return {
    async read(passportId: string): Promise<SignUpRecord | undefined> {
      const [row] = await db
        .select({
          termsVersion: t.termsVersion,
          termsAcceptedAt: t.termsAcceptedAt,
          identityRoute: t.identityRoute,
          sharedIdentity: t.sharedIdentity,
          emailVerifiedAt: t.emailVerifiedAt,
          mobileVerifiedAt: t.mobileVerifiedAt,
          signedUpAt: t.signedUpAt,
        })
        .from(t)
        .where(byId(passportId));
      return row;
    },

    /** S1.2: the version of the privacy notice and terms accepted, and when. */
    async acceptTerms(passportId: string, version: string, at: Date): Promise<boolean> {
      return set(passportId, { termsVersion: version, termsAcceptedAt: at });
    },

    /** S1.4 face to face: any digital identity shared before is dropped (HR checks documents in person). */
    async chooseFaceToFace(passportId: string): Promise<boolean> {
      return set(passportId, { identityRoute: 'face-to-face', sharedIdentity: null });
    },

    /**
     * S1.5: the person confirmed the digital identity they shared. The passport takes the DSP
     * unique identifier it names when it has none; one that already has another is `dsp-id-differs`,
     * and another passport of the trust holding it is `dsp-id-taken` (nothing changes).
     */
    async shareIdentity(passportId: string, shared: SharedIdentity, dspId: string): Promise<ShareIdentityResult> {
      const [current] = await db.select({ dspId: t.dspId }).from(t).where(byId(passportId));
      if (!current) return 'not-found';
      if (current.dspId !== null && current.dspId !== dspId) return 'dsp-id-differs';
      const [other] = await db
        .select({ id: t.id })
        .from(t)
        .where(and(inScope, eq(t.dspId, dspId), sql`${t.id} <> ${passportId}`));
      if (other) return 'dsp-id-taken';
      const changed = await guarded((sp) => set(passportId, { identityRoute: 'digital-identity', sharedIdentity: shared, dspId }, sp));
      // S1.7: a photo of one's own is only for the face-to-face route; the digital identity carries its own.
      if (changed === 'changed') await passportPhotos(db, scope).remove(passportId, 'staff');
      return changed === 'taken' ? 'dsp-id-taken' : changed === 'changed' ? 'stored' : 'not-found';
    },

    /** S1.6: the email address proved by a code (lower-cased); another passport of the trust having it is `taken`. */
    async verifyEmail(passportId: string, email: string, at: Date): Promise<ContactChange> {
      return guarded((sp) => set(passportId, { email: email.trim().toLowerCase(), emailVerifiedAt: at }, sp));
    },

    /** S1.6: the mobile proved by a code (E.164); another passport of the trust having it is `taken`. */
    async verifyMobile(passportId: string, mobile: string, at: Date): Promise<ContactChange> {
      return guarded((sp) => set(passportId, { mobile, mobileVerifiedAt: at }, sp));
    },

    /**
     * S1.7: the optional ESR assignment number, Oriel PIN and photo. A number waits for HR to confirm it
     * against ESR (`unconfirmed`, E6); a passport HR already linked keeps its link and number.
     */
    async setMoreDetails(
      passportId: string,
      details: { esrAssignmentNumber: string | null; orielPin: string | null; photo?: { jpeg: Buffer; width: number; height: number } | 'remove' | undefined },
      at: Date,
    ): Promise<boolean> {
      const [current] = await db.select({ esrLinkState: t.esrLinkState }).from(t).where(byId(passportId));
      if (!current) return false;
      // S1.7's photo (face-to-face route only; the caller decides): a new one replaces the old.
      if (details.photo === 'remove') await passportPhotos(db, scope).remove(passportId, 'staff');
      else if (details.photo) await passportPhotos(db, scope).put(passportId, details.photo, 'staff', at);
      const esr =
        current.esrLinkState === 'linked'
          ? {}
          : { esrAssignmentNumber: details.esrAssignmentNumber, esrLinkState: details.esrAssignmentNumber ? ('unconfirmed' as const) : ('unlinked' as const) };
      return set(passportId, { ...esr, orielPin: details.orielPin });
    },

    /**
     * S1.9 "Details received": the passport moves to `status` with its identity route and is marked signed up, once — a
     * second call (a double submit) changes nothing and answers false.
     */
    async complete(passportId: string, end: { status: PassportStatus; route: IdentityRoute }, at: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ status: end.status, identityRoute: end.route, signedUpAt: at, updatedAt: sql`now()` })
        .where(and(byId(passportId), isNull(t.signedUpAt)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /**
     * The passport's live invitations are accepted: whichever link the person used, and any
     * resend that crossed their sign-up, stop working as sign-up links. Returns their ids.
     */
    async acceptInvitations(passportId: string, at: Date): Promise<string[]> {
      const rows = await db
        .update(inv)
        .set({ state: 'accepted', closedAt: at })
        .where(and(eq(inv.organisationId, scope.organisationId), eq(inv.passportId, passportId), eq(inv.state, 'sent')))
        .returning({ id: inv.id });
      return rows.map((r) => r.id);
    },
  };
}
