// Issuing one DSP credential for an organisation, in the caller's transaction: a serial number,
// a random status-list index, the organisation's active signing key (through the key-management
// port — the private key never leaves custody) and the format's own checks. Every path that
// issues (OpenID4VCI, the portals, the OIDC face's issuing mode) goes through here, so every
// credential can be revoked and every issuance is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import {
  createJwtVc,
  createSdJwtVc,
  mayIssue,
  type CredentialFormat,
  type CredentialSubject,
  type CredentialTypeId,
  type IssuedCredential,
  type IssuerSigner,
} from '../../core/credentials/index.ts';
import { statusReferencesOf } from '../../core/credentials/status/index.ts';
import { organisationDid } from '../../core/did/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import { appendAudit } from '../../store/audit-log.ts';
import type { Db } from '../../store/database.ts';
import { CREDENTIAL_SIGNING, credentialSigningKey } from '../../store/organisation-keys.ts';
import { scopeOf } from '../../store/scope.ts';
import { statusLedger } from '../../store/status-ledger.ts';

export interface IssueCredentialDeps {
  keys: KeyManagement<Db>;
  clock: Clock;
  publicUrl: string;
}

export interface IssueCredentialRequest {
  organisation: Organisation;
  type: CredentialTypeId;
  format: CredentialFormat;
  subject: CredentialSubject;
  holderJwk: JWK;
  holderId?: string;
  expiresAt?: Date;
  /** The serial number to use (a fresh random UUID), when the caller records it first; otherwise one is drawn here. */
  serialNumber?: string;
  actor: string;
  correlationId: string;
}

export type IssueCredentialResult = { outcome: 'issued'; credential: IssuedCredential; serialNumber: string } | { outcome: 'not_allowed' };

/** A signer over the organisation's active key in the key-management port. */
export async function organisationSigner(db: Db, deps: IssueCredentialDeps, organisation: Organisation): Promise<IssuerSigner> {
  // One lookup of the active key and its custody record; created first when there is none.
  let active = await deps.keys.activeSigner(db, organisation.id, CREDENTIAL_SIGNING);
  if (!active) {
    await credentialSigningKey(db, deps.keys, organisation.id);
    active = await deps.keys.activeSigner(db, organisation.id, CREDENTIAL_SIGNING);
    if (!active) throw new Error('organisationSigner: no active credential-signing key after creating one');
  }
  const { key, sign } = active;
  if (key.alg !== 'ES256' && key.alg !== 'EdDSA') throw new TypeError(`unsupported signing algorithm ${key.alg}`);
  return { alg: key.alg, kid: `${organisationDid(deps.publicUrl, organisation.odsCode)}#${key.kid}`, sign };
}

export async function issueCredential(db: Db, deps: IssueCredentialDeps, request: IssueCredentialRequest): Promise<IssueCredentialResult> {
  const { organisation } = request;
  // Step 1: the organisation may issue this type at all (the registry is the trust list).
  if (!mayIssue(request.type, organisation.kind)) return { outcome: 'not_allowed' };

  // Step 2: a serial number and a random status index, in the caller's transaction.
  // The entry is claimed now and counted last (step 5), so the list row is locked only after
  // signing, for the rest of the caller's transaction.
  const serialNumber = request.serialNumber ?? randomUUID();
  const { allocation, count } = await statusLedger(db, scopeOf(organisation.id)).claim({ serialNumber, format: request.format });
  // One status entry per credential. dc+sd-jwt: its Token Status List entry, whose 2-bit value
  // covers revocation and suspension. jwt_vc_json: the revocation entry only — wallets built on
  // common libraries (Credo 0.6.3) refuse a `credentialStatus` array (D27); our verifier checks the
  // sibling suspension list at the same index (D20).
  const [status] = statusReferencesOf(allocation, deps.publicUrl, organisation.odsCode);

  // Step 3: sign through the key-management port.
  const signer = await organisationSigner(db, deps, organisation);
  const input = {
    type: request.type,
    subject: request.subject,
    issuer: organisationDid(deps.publicUrl, organisation.odsCode),
    signer,
    holderJwk: request.holderJwk,
    ...(request.holderId ? { holderId: request.holderId } : {}),
    serialNumber,
    issuedAt: deps.clock.now(),
    ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
    status: status!,
  };
  const credential =
    request.format === 'jwt_vc_json' ? await createJwtVc(input) : await createSdJwtVc({ ...input, randomBytes: (n) => new Uint8Array(randomBytes(n)) });

  // Step 4: the audit trail names the credential by serial number, never its contents.
  await appendAudit(
    db,
    { organisationId: organisation.id, actor: request.actor, action: 'credential.issued', subject: serialNumber, correlationId: request.correlationId, details: { type: request.type, format: request.format } },
    deps.clock,
  );

  // Step 5: count the entry in its list. That row lock lasts until the caller commits and
  // serialises the list's issuances, so callers should write whatever else they write first.
  await count();
  return { outcome: 'issued', credential, serialNumber };
}
