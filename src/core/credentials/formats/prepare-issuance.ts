// What both formats do before signing: check the request against the catalogue and settle the
// credential's times. The signer must never sign a subject that fails its schema, so invalid
// requests throw here; callers that take claims from outside (the gateway's issuing mode)
// validate first with validateSubject and answer the caller with the errors.
import type { JWK } from 'jose';
import { expiryOf, isCredentialTypeId, type CredentialSubject, type CredentialTypeId } from '../catalogue.ts';
import { validateSubject, type SchemaError } from '../validate-subject.ts';
import { isSigningAlgorithm, type IssuerSigner } from './signer.ts';
import { isUuid, keyFitsAlgorithm, publicHolderJwk, type StatusReference } from './verification.ts';

export interface CredentialIssuance {
  type: CredentialTypeId;
  subject: CredentialSubject;
  /** The issuing organisation's DID; `signer.kid` must be one of its DID URLs. */
  issuer: string;
  signer: IssuerSigner;
  /** The wallet key the credential is bound to (proven in the OID4VCI key proof). */
  holderJwk: JWK;
  /** The holder's DID when the wallet proved one (jwt_vc_json `sub`); otherwise derived from the key. */
  holderId?: string;
  /** A fresh UUID from the caller's injected generator; the key for revocation and audit. */
  serialNumber: string;
  /** Now, from the caller's clock. */
  issuedAt: Date;
  /** Start of validity (`nbf`); defaults to `issuedAt`. */
  validFrom?: Date;
  /**
   * An earlier end than the data gives (e.g. the issuing mode's requested expiry). The
   * catalogue's expiry rule always applies; the earlier of the two wins.
   */
  expiresAt?: Date;
  status?: StatusReference;
}

export type IssueErrorCode =
  | 'unknown_type'
  | 'invalid_subject'
  | 'invalid_serial_number'
  | 'signer_not_of_issuer'
  | 'invalid_holder_key'
  | 'invalid_time'
  | 'already_expired'
  | 'invalid_status';

/** Refused issuance: the request was wrong, nothing was signed. */
export class CredentialIssueError extends Error {
  override readonly name = 'CredentialIssueError';
  constructor(
    readonly code: IssueErrorCode,
    message: string,
    readonly errors: readonly SchemaError[] = [],
  ) {
    super(message);
  }
}

export interface PreparedIssuance {
  type: CredentialTypeId;
  subject: CredentialSubject;
  issuer: string;
  signer: IssuerSigner;
  holderJwk: JWK;
  holderId?: string;
  serialNumber: string;
  issuedAt: Date;
  validFrom: Date;
  expiresAt?: Date;
  status?: StatusReference;
}

const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

export function prepareIssuance(input: CredentialIssuance): PreparedIssuance {
  if (!isCredentialTypeId(input.type)) throw new CredentialIssueError('unknown_type', `unknown credential type ${String(input.type)}`);
  const errors = validateSubject(input.type, input.subject);
  if (errors.length > 0) throw new CredentialIssueError('invalid_subject', `subject is not a valid ${input.type}`, errors);
  if (!isUuid(input.serialNumber)) throw new CredentialIssueError('invalid_serial_number', 'serial number must be a UUID');
  if (!isSigningAlgorithm(input.signer.alg) || !input.signer.kid.startsWith(`${input.issuer}#`)) {
    throw new CredentialIssueError('signer_not_of_issuer', "the signer's kid must be a DID URL of the issuer");
  }
  if (typeof input.holderJwk.d === 'string' || !(keyFitsAlgorithm(input.holderJwk, 'ES256') || keyFitsAlgorithm(input.holderJwk, 'EdDSA'))) {
    throw new CredentialIssueError('invalid_holder_key', 'holder key must be a P-256 or Ed25519 public JWK');
  }
  if (!validDate(input.issuedAt) || (input.validFrom !== undefined && !validDate(input.validFrom))) {
    throw new CredentialIssueError('invalid_time', 'issuedAt and validFrom must be dates');
  }
  if (input.status && (!Number.isInteger(input.status.index) || input.status.index < 0 || input.status.uri === '')) {
    throw new CredentialIssueError('invalid_status', 'status reference needs a URI and a non-negative integer index');
  }
  const validFrom = input.validFrom ?? input.issuedAt;
  const fromData = expiryOf(input.type, input.subject, input.issuedAt);
  const requested = input.expiresAt !== undefined && validDate(input.expiresAt) ? input.expiresAt : undefined;
  const expiresAt = [fromData, requested].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
  if (expiresAt && expiresAt.getTime() <= validFrom.getTime()) {
    throw new CredentialIssueError('already_expired', `a ${input.type} with this data has already expired`);
  }
  return {
    type: input.type,
    subject: input.subject,
    issuer: input.issuer,
    signer: input.signer,
    holderJwk: publicHolderJwk(input.holderJwk),
    ...(input.holderId === undefined ? {} : { holderId: input.holderId }),
    serialNumber: input.serialNumber.toLowerCase(),
    issuedAt: input.issuedAt,
    validFrom,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(input.status === undefined ? {} : { status: input.status }),
  };
}

/** What issuance returns besides the credential: what the issuer records for audit and revocation. */
export interface IssuedCredential {
  format: 'jwt_vc_json' | 'dc+sd-jwt';
  /** The compact credential as the wallet receives it. */
  credential: string;
  type: CredentialTypeId;
  serialNumber: string;
  issuer: string;
  issuedAt: Date;
  expiresAt?: Date;
  status?: StatusReference;
}
