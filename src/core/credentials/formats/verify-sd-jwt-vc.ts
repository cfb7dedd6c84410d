// Verifies a DSP SD-JWT VC (`dc+sd-jwt`), as issued by ./create-sd-jwt-vc.ts, either as the
// holder received it or as presented to a verifier (with a KB-JWT). The SD-JWT mechanics are
// ./verify-sd-jwt.ts; this file adds what makes it a DSP credential: the serial number, the
// `vct` naming a catalogue type and version, the status reference and the subject schema.
import { getCredentialType, parseVct, type CredentialTypeId } from '../catalogue.ts';
import { validateSubject, type SubjectValidationMode } from '../validate-subject.ts';
import { SD_JWT_VC_TYP } from './create-sd-jwt-vc.ts';
import { runSdJwtChecks, type KeyBindingExpectation } from './verify-sd-jwt.ts';
import {
  CheckRecorder,
  isObject,
  resolveIssuerKey,
  serialNumberFromJti,
  type CredentialVerification,
  type JsonObject,
  type StatusReference,
  type VerifiedCredential,
  type VerifyCommonOptions,
} from './verification.ts';

export interface VerifySdJwtVcOptions extends VerifyCommonOptions {
  /** Require a KB-JWT for this audience and nonce (a presentation); omit for a credential at rest. */
  keyBinding?: KeyBindingExpectation;
  /**
   * `disclosed` (default): a presentation reveals only some claims, so each disclosed claim is
   * checked but none is required. `complete`: every required field must be there (a wallet or
   * issuer checking a credential with all its Disclosures).
   */
  subjectValidation?: SubjectValidationMode;
}

/** Claims of the SD-JWT VC itself; everything else in the processed payload is the subject. */
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'jti']);

function subjectOf(claims: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED_CLAIMS.has(name)));
}

export async function verifySdJwtVc(compact: string, options: VerifySdJwtVcOptions): Promise<CredentialVerification> {
  const checks = new CheckRecorder();
  const done = (credential?: VerifiedCredential): CredentialVerification => {
    const { ok, checks: results } = checks.finish();
    return {
      ok,
      format: 'dc+sd-jwt',
      checks: results,
      ...(credential ? { credential } : {}),
      ...(ok && contents?.keyBinding ? { keyBinding: contents.keyBinding } : {}),
    };
  };

  let issuerKid: { issuer: string; kid: string } | undefined;
  const contents = await runSdJwtChecks(checks, compact, {
    expectedTyp: SD_JWT_VC_TYP,
    now: options.now,
    ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }),
    ...(options.keyBinding ? { keyBinding: options.keyBinding } : {}),
    resolveKey: async (header, payload) => {
      const key = await resolveIssuerKey(header, payload, options.resolveIssuerKey);
      if ('jwk' in key) issuerKid = { issuer: key.issuer, kid: key.kid };
      return key;
    },
  });
  if (!contents || !issuerKid) return done();
  // The SD-JWT VC's own claims are read from the signed payload's clear claims only (never from
  // a Disclosure); the subject is whatever else was disclosed.
  const { claims: processed, signedPayload: clear } = contents;

  // claims: serial number, type, status reference
  const serialNumber = serialNumberFromJti(clear.jti);
  let status: StatusReference | undefined;
  const statusList = isObject(clear.status) ? clear.status.status_list : undefined;
  if (clear.jti === undefined) checks.fail('claims', 'claim_missing', 'jti');
  else if (!serialNumber) checks.fail('claims', 'claim_invalid', 'jti must be urn:uuid:<UUID>');
  else if (typeof clear.vct !== 'string') checks.fail('claims', 'claim_missing', 'vct');
  else if (clear.status !== undefined && !(isObject(statusList) && Number.isInteger(statusList.idx) && (statusList.idx as number) >= 0 && typeof statusList.uri === 'string')) {
    checks.fail('claims', 'claim_invalid', 'status.status_list');
  } else {
    if (isObject(statusList)) status = { uri: statusList.uri as string, index: statusList.idx as number };
    checks.pass('claims');
  }

  // credential type: the vct names a catalogue type at a version we have a schema for
  const vct = parseVct(clear.vct);
  let type: CredentialTypeId | undefined;
  if (!vct) checks.fail('credentialType', 'unknown_type', typeof clear.vct === 'string' ? clear.vct : undefined);
  else if (vct.version !== getCredentialType(vct.type).version) checks.fail('credentialType', 'unsupported_version', String(clear.vct));
  else {
    type = vct.type;
    checks.pass('credentialType');
  }

  // schema of what was disclosed
  const subject = subjectOf(processed);
  if (type) {
    const errors = validateSubject(type, subject, options.subjectValidation ?? 'disclosed');
    if (errors.length > 0) checks.fail('schema', 'schema_violation', `${errors.length} error(s)`, errors);
    else checks.pass('schema');
  }

  if (!type || !vct || !serialNumber || !contents.holderJwk || typeof clear.iat !== 'number') return done();
  const issuedAt = new Date(clear.iat * 1000);
  return done({
    format: 'dc+sd-jwt',
    type,
    typeVersion: vct.version,
    issuer: issuerKid.issuer,
    keyId: issuerKid.kid,
    serialNumber,
    subject,
    disclosedClaims: Object.keys(subject),
    holder: { jwk: contents.holderJwk },
    issuedAt,
    validFrom: typeof clear.nbf === 'number' ? new Date(clear.nbf * 1000) : issuedAt,
    ...(typeof clear.exp === 'number' ? { expiresAt: new Date(clear.exp * 1000) } : {}),
    ...(status ? { status } : {}),
  });
}
