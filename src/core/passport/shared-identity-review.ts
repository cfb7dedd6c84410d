// HR's review of a shared identity (DOMAIN.md E5.3, E5.4; D35): what a digital identity from an
// identity service provider, or an NHS identity credential from a previous trust, says — shown to
// HR as it was shared —, the NHS Identity credential a trust issues from it on confirming, which
// DSP unique identifier that credential carries, and the document expiry the expired-passport
// rule (EXP) looks at. Pure: no I/O.
import type { CredentialSubject } from '../credentials/catalogue.ts';
import { LEGAL_GENDERS } from '../credentials/catalogue/identity.ts';
import { validateSubject } from '../credentials/validate-subject.ts';
import type { SharedIdentity } from './shared-identity.ts';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export interface SharedAddress {
  addressLines: string[];
  townOrCity?: string;
  postcode?: string;
  country?: string;
}

/** The claims HR sees, as the credential says them (undefined where it says nothing). */
export interface SharedIdentityView {
  type: SharedIdentity['type'];
  issuerName: string;
  verifiedAt: string;
  photograph?: string;
  firstName?: string;
  middleNames?: string;
  lastName?: string;
  birthDate?: string;
  legalGender?: string;
  nationality?: string;
  address?: SharedAddress;
  currentAddressVerified?: boolean;
  documentType?: string;
  documentNumberEnding?: string;
  documentIssuingCountry?: string;
  documentExpiryDate?: string;
  gpg45Profile?: string;
  levelOfConfidence?: string;
  evidenceCheckedBy?: string;
  dateOfIdCheck?: string;
  dspId?: string;
}

function addressOf(v: unknown): SharedAddress | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const a = v as Record<string, unknown>;
  const lines = Array.isArray(a.addressLines) ? a.addressLines.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  if (lines.length === 0) return undefined;
  const out: SharedAddress = { addressLines: lines };
  const town = text(a.townOrCity);
  const postcode = text(a.postcode);
  const country = text(a.country);
  if (town) out.townOrCity = town;
  if (postcode) out.postcode = postcode;
  if (country) out.country = country;
  return out;
}

/** A JPEG as base64, nothing else (it goes into an `<img src="data:image/jpeg;base64,…">`). */
const jpegBase64 = (v: unknown): string | undefined => (typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length <= 7_000_000 ? v : undefined);

export function viewOfSharedIdentity(shared: SharedIdentity): SharedIdentityView {
  const c = shared.claims;
  const view: SharedIdentityView = { type: shared.type, issuerName: shared.issuerName, verifiedAt: shared.verifiedAt };
  const put = <K extends keyof SharedIdentityView>(key: K, value: SharedIdentityView[K] | undefined) => {
    if (value !== undefined) view[key] = value;
  };
  put('photograph', jpegBase64(c.photograph));
  put('firstName', text(c.firstName));
  put('middleNames', text(c.middleNames));
  put('lastName', text(c.lastName));
  put('birthDate', text(c.birthDate));
  put('legalGender', text(c.legalGender));
  put('nationality', text(c.nationality));
  put('address', addressOf(c.address));
  put('currentAddressVerified', typeof c.currentAddressVerified === 'boolean' ? c.currentAddressVerified : undefined);
  put('documentType', text(c.identityDocumentType));
  put('documentNumberEnding', text(c.identityDocumentNumberEnding));
  put('documentIssuingCountry', text(c.identityDocumentIssuingCountry));
  put('documentExpiryDate', text(c.identityDocumentExpiryDate));
  put('gpg45Profile', text(c.GPG45profile));
  put('levelOfConfidence', text(c.levelOfConfidence));
  put('evidenceCheckedBy', text(c.evidenceCheckedBy));
  put('dateOfIdCheck', text(c.dateOfIdCheck));
  put('dspId', text(c.dspId));
  return view;
}

/**
 * The passport's expiry date when the document checked was a passport (EXP applies to passports:
 * right to work rests on one); undefined for any other document or none.
 */
export function sharedPassportExpiry(shared: SharedIdentity): string | undefined {
  const view = viewOfSharedIdentity(shared);
  return view.documentType === 'Passport' && view.documentExpiryDate && /^\d{4}-\d{2}-\d{2}$/.test(view.documentExpiryDate) ? view.documentExpiryDate : undefined;
}

/**
 * Which DSP unique identifier the trust's Identity carries (DOMAIN.md §9 #2, D35): the shared
 * credential's, which sign-up copied onto the passport. A passport that already carries another
 * one cannot take it (two identifiers for one person: presenting the shared identity beside the
 * trust's credentials would fail the same-holder check), and neither can an identifier another
 * passport of the trust holds.
 */
export function dspIdForSharedIdentity(passportDspId: string | null, shared: SharedIdentity): { ok: true; dspId: string; setOnPassport: boolean } | { ok: false; problem: 'missing' | 'mismatch' } {
  const shown = text(shared.claims.dspId);
  if (!shown) return passportDspId ? { ok: true, dspId: passportDspId, setOnPassport: false } : { ok: false, problem: 'missing' };
  if (passportDspId && passportDspId !== shown) return { ok: false, problem: 'mismatch' };
  return { ok: true, dspId: shown, setOnPassport: !passportDspId };
}

/**
 * The provenance of an Identity confirmed from a shared credential (DOMAIN.md §5.2): from an IDSP,
 * the IDSP is the origin and verifier under GPG 45 with the profile as outcome; from a previous
 * trust's NHS identity credential, that trust's assurance carries over. Either way the data is
 * sourced, and this trust is the provider.
 */
function sharedAssurance(shared: SharedIdentity, organisationName: string, now: Date) {
  const claims = shared.claims;
  if (shared.type === 'DigitalIdentity') {
    const idsp = text(claims.evidenceCheckedBy) ?? shared.issuerName;
    return {
      origin: idsp,
      assurancePolicy: 'GPG 45',
      assuranceOutcome: text(claims.GPG45profile) ?? 'GPG 45 applied',
      provider: organisationName,
      verifier: idsp,
      verificationMethod: 'Document Verification',
      pedigree: 'Sourced' as const,
      lastRefresh: now.toISOString(),
    };
  }
  const previous = (claims.assurance && typeof claims.assurance === 'object' ? claims.assurance : {}) as Record<string, unknown>;
  return {
    origin: 'Substantive NHS Employing Organisation',
    assurancePolicy: text(previous.assurancePolicy) ?? 'Local contractual arrangement',
    assuranceOutcome: text(previous.assuranceOutcome) ?? 'Onboarding complete',
    provider: organisationName,
    verifier: 'Origin',
    verificationMethod: text(previous.verificationMethod) ?? 'Document Verification',
    pedigree: 'Sourced' as const,
    lastRefresh: now.toISOString(),
  };
}

/**
 * The trust's NHS Identity built from what was shared (DOMAIN.md E5.6, D35: the DigitalIdentity's
 * fields carry Identity's names and values, so they copy across), with the DSP unique identifier
 * decided above. Undefined with the schema's complaints when the shared claims cannot make a valid
 * Identity (a stored value is never trusted).
 */
export function identityFromSharedIdentity(
  shared: SharedIdentity,
  context: { dspId: string; organisationName: string; now: Date },
): { ok: true; subject: CredentialSubject } | { ok: false; problems: string[] } {
  const v = viewOfSharedIdentity(shared);
  const subject: CredentialSubject = {
    dspId: context.dspId,
    ...(v.photograph ? { photograph: v.photograph } : {}),
    ...(v.firstName ? { firstName: v.firstName } : {}),
    ...(v.middleNames ? { middleNames: v.middleNames } : {}),
    ...(v.lastName ? { lastName: v.lastName } : {}),
    ...(v.birthDate ? { birthDate: v.birthDate } : {}),
    ...(v.legalGender && (LEGAL_GENDERS as readonly string[]).includes(v.legalGender) ? { legalGender: v.legalGender } : {}),
    ...(v.nationality ? { nationality: v.nationality } : {}),
    ...(v.address ? { address: v.address } : {}),
    ...(v.currentAddressVerified !== undefined ? { currentAddressVerified: v.currentAddressVerified } : {}),
    assurance: sharedAssurance(shared, context.organisationName, context.now),
  };
  const errors = validateSubject('Identity', subject);
  if (errors.length > 0) return { ok: false, problems: errors.map((e) => `${e.path} ${e.message}`) };
  return { ok: true, subject };
}
