// The one verification function every verifier in the platform uses (the gateway's OpenID4VP
// verifier, the employer portal's review of shared credentials, the OIDC face's verifying mode).
//
// It runs the format's own checks (signature, algorithm, validity, schema, holder binding, …;
// see formats/verification.ts) and adds the checks only the platform can make, each as a named
// result rather than a bare boolean:
//   issuer   — the issuer is a registered organisation (the registry is the trust list,
//              docs/architecture.md §4) and its kind may issue this credential type;
//   status   — the issuer's status list says the credential is valid. Fail closed: a list that
//              cannot be fetched, does not verify, or a credential without a status entry fails.
// and, for a set of credentials presented together, that they all carry one DSP unique
// identifier (§4 "Holder binding").
//
// Pure: the issuer registry, DID resolution and status-list fetching arrive as callbacks.
import { mayIssue, DSP_ID_FIELD, type CredentialTypeId } from './catalogue.ts';
import type { OrganisationKind } from '../passport/organisation.ts';
import type { CheckResult, CredentialFormat, CredentialVerification, ResolveIssuerKey, StatusReference, VerifiedCredential } from './formats/verification.ts';
import { verifyJwtVc } from './formats/verify-jwt-vc.ts';
import { verifySdJwtVc } from './formats/verify-sd-jwt-vc.ts';
import type { KeyBindingExpectation } from './formats/verify-sd-jwt.ts';

/** What the organisation registry knows of an issuer DID. */
export interface IssuerRecord {
  did: string;
  name: string;
  kind: OrganisationKind;
  /** A narrower list than the kind allows, when the registry sets one. */
  allowedTypes?: readonly CredentialTypeId[];
}

export type LookupIssuer = (did: string) => Promise<IssuerRecord | undefined>;

export type StatusOutcome =
  | { status: 'valid' }
  | { status: 'revoked' }
  | { status: 'suspended' }
  /** The list could not be fetched, did not verify, or does not cover the index. */
  | { status: 'unavailable'; detail: string };

export type CheckStatus = (reference: StatusReference, context: { format: CredentialFormat; issuer: string }) => Promise<StatusOutcome>;

export const PLATFORM_CHECK_NAMES = ['issuer', 'status'] as const;
export type PlatformCheckName = (typeof PLATFORM_CHECK_NAMES)[number];

export type PlatformFailureReason = 'issuer_unknown' | 'issuer_not_allowed' | 'status_missing' | 'status_unavailable' | 'revoked' | 'suspended';

export type PlatformCheckResult =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly reason: PlatformFailureReason; readonly detail?: string }
  | { readonly status: 'skipped'; readonly reason: 'prerequisite_failed' };

export interface DspVerification {
  ok: boolean;
  format: CredentialFormat;
  /** The format's checks followed by the platform's. */
  checks: Readonly<Record<string, CheckResult | PlatformCheckResult>>;
  credential?: VerifiedCredential;
  /** The issuer as the registry knows it, once the issuer check passed. */
  issuer?: IssuerRecord;
  keyBinding?: CredentialVerification['keyBinding'];
}

export interface VerifyCredentialOptions {
  format: CredentialFormat;
  now: Date;
  resolveIssuerKey: ResolveIssuerKey;
  lookupIssuer: LookupIssuer;
  checkStatus: CheckStatus;
  /** SD-JWT presentations: the KB-JWT must be for this audience and nonce. */
  keyBinding?: KeyBindingExpectation;
  clockSkewSeconds?: number;
}

const skipped: PlatformCheckResult = { status: 'skipped', reason: 'prerequisite_failed' };

export async function verifyCredential(compact: string, options: VerifyCredentialOptions): Promise<DspVerification> {
  const common = { now: options.now, resolveIssuerKey: options.resolveIssuerKey, ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }) };
  const base =
    options.format === 'jwt_vc_json'
      ? await verifyJwtVc(compact, common)
      : await verifySdJwtVc(compact, { ...common, ...(options.keyBinding ? { keyBinding: options.keyBinding } : {}) });

  const credential = base.credential;
  // Without a verified signature nothing the token says can be trusted: stop here.
  if (!credential || base.checks.signature.status !== 'passed') {
    return { ok: false, format: base.format, checks: { ...base.checks, issuer: skipped, status: skipped }, ...(credential ? { credential } : {}) };
  }

  const issuerCheck = await checkIssuer(credential, options.lookupIssuer);
  const statusCheck = await checkCredentialStatus(credential, base.format, options.checkStatus);
  const checks = { ...base.checks, issuer: issuerCheck.result, status: statusCheck };
  const ok = base.ok && issuerCheck.result.status === 'passed' && statusCheck.status === 'passed';
  return {
    ok,
    format: base.format,
    checks,
    credential,
    ...(issuerCheck.record ? { issuer: issuerCheck.record } : {}),
    ...(base.keyBinding ? { keyBinding: base.keyBinding } : {}),
  };
}

async function checkIssuer(credential: VerifiedCredential, lookupIssuer: LookupIssuer): Promise<{ result: PlatformCheckResult; record?: IssuerRecord }> {
  const record = await lookupIssuer(credential.issuer);
  if (!record) return { result: { status: 'failed', reason: 'issuer_unknown', detail: 'the issuer is not a registered organisation' } };
  const allowed = mayIssue(credential.type, record.kind) && (!record.allowedTypes || record.allowedTypes.includes(credential.type));
  if (!allowed) return { result: { status: 'failed', reason: 'issuer_not_allowed', detail: `${record.kind} organisations may not issue ${credential.type}` }, record };
  return { result: { status: 'passed' }, record };
}

async function checkCredentialStatus(credential: VerifiedCredential, format: CredentialFormat, checkStatus: CheckStatus): Promise<PlatformCheckResult> {
  // Every credential a DSP issuer issues has a status entry; one without cannot be revoked, so refuse it.
  if (!credential.status) return { status: 'failed', reason: 'status_missing', detail: 'the credential has no status entry' };
  // jwt_vc_json may carry a revocation and a suspension entry: every entry must say valid.
  const references = credential.suspensionStatus ? [credential.status, credential.suspensionStatus] : [credential.status];
  for (const reference of references) {
    let outcome: StatusOutcome;
    try {
      outcome = await checkStatus(reference, { format, issuer: credential.issuer });
    } catch (error) {
      outcome = { status: 'unavailable', detail: error instanceof Error ? error.name : 'status check failed' };
    }
    if (outcome.status === 'revoked') return { status: 'failed', reason: 'revoked' };
    if (outcome.status === 'suspended') return { status: 'failed', reason: 'suspended' };
    if (outcome.status === 'unavailable') return { status: 'failed', reason: 'status_unavailable', detail: outcome.detail };
  }
  return { status: 'passed' };
}

export type SameHolderResult =
  | { readonly status: 'passed'; readonly dspId: string }
  | { readonly status: 'failed'; readonly reason: 'dsp_id_mismatch' | 'dsp_id_missing'; readonly dspIds: readonly string[] }
  | { readonly status: 'skipped'; readonly reason: 'prerequisite_failed' };

/**
 * Credentials presented together must be about one person: every one carries the same DSP
 * unique identifier (docs/architecture.md §4). Judged only over credentials whose signature
 * verified; a presentation with any that did not is already refused.
 */
export function checkSameHolder(verifications: readonly DspVerification[]): SameHolderResult {
  if (verifications.some((v) => !v.credential || v.checks.signature?.status !== 'passed')) return { status: 'skipped', reason: 'prerequisite_failed' };
  const ids = verifications.map((v) => v.credential!.subject[DSP_ID_FIELD]);
  if (ids.some((id) => typeof id !== 'string')) return { status: 'failed', reason: 'dsp_id_missing', dspIds: ids.filter((id): id is string => typeof id === 'string') };
  const distinct = [...new Set(ids as string[])];
  if (distinct.length !== 1) return { status: 'failed', reason: 'dsp_id_mismatch', dspIds: distinct };
  return { status: 'passed', dspId: distinct[0]! };
}

export interface PresentedSetVerification {
  ok: boolean;
  credentials: DspVerification[];
  sameHolder: SameHolderResult;
}

/** Verifies every credential of one presentation and that they belong to one person. */
export async function verifyPresentedCredentials(
  presented: readonly { compact: string; format: CredentialFormat }[],
  options: Omit<VerifyCredentialOptions, 'format'>,
): Promise<PresentedSetVerification> {
  const credentials = await Promise.all(presented.map((p) => verifyCredential(p.compact, { ...options, format: p.format })));
  const sameHolder = checkSameHolder(credentials);
  return { ok: credentials.length > 0 && credentials.every((c) => c.ok) && sameHolder.status === 'passed', credentials, sameHolder };
}
