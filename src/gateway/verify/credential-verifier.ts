// The platform's credential verifier: the core's verifyCredential (src/core/credentials/
// verify-credential.ts) with its three callbacks bound to the real world —
//   issuer keys  → DID resolution (our own organisations from the database, other did:web over
//                  HTTP, did:jwk / did:key locally);
//   the registry → the organisations table: an issuer is trusted only if its DID is the DID of
//                  a registered organisation of this Open DSP (docs/architecture.md §4);
//   status       → the issuer's status list, read from the database as the same signed document
//                  the HTTP route serves, and verified like any other. Only our own organisations
//                  are trusted issuers, so a status URI outside this deployment is refused rather
//                  than fetched (no SSRF surface); any failure fails closed.
// Every verifier in the platform (OpenID4VP, the employer portal's review, the OIDC face) uses this.
import type { KeyBindingExpectation } from '../../core/credentials/formats/verify-sd-jwt.ts';
import {
  verifyCredential,
  verifyPresentedCredentials,
  type CredentialFormat,
  type CheckStatus,
  type DspVerification,
  type IssuerRecord,
  type PresentedSetVerification,
} from '../../core/credentials/index.ts';
import { createStatusChecker, statusListUri, type StatusListDocumentId, type StatusListKind } from '../../core/credentials/status/index.ts';
import { issuerKeyResolver, organisationDid, organisationOdsFromDid, type KeyResolution } from '../../core/did/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Db } from '../../store/database.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { statusListDocuments } from '../../store/status-list-documents.ts';
import { createHttpDidResolver } from '../did/http-did-resolver.ts';

export interface CredentialVerifierDeps {
  db: Db;
  keys: KeyManagement<Db>;
  clock: Clock;
  publicUrl: string;
  /** did:web and status lists on loopback addresses (development and tests only). */
  allowLoopback: boolean;
  /** Defaults to global fetch (did:web of other hosts). */
  fetch?: typeof fetch;
}

export interface CredentialVerifier {
  verify(compact: string, options: { format: CredentialFormat; keyBinding?: KeyBindingExpectation }): Promise<DspVerification>;
  verifyPresented(presented: readonly { compact: string; format: CredentialFormat }[], options?: { keyBinding?: KeyBindingExpectation }): Promise<PresentedSetVerification>;
}

const ownStatusPath = /^\/orgs\/([A-Za-z0-9]{3,10})\/status\/(?:token\/([0-9a-f-]{36})|bitstring\/([0-9a-f-]{36})\/(revocation|suspension))$/;

export function createCredentialVerifier(deps: CredentialVerifierDeps): CredentialVerifier {
  const didResolver = createHttpDidResolver({ clock: deps.clock, allowLoopback: deps.allowLoopback, own: { db: deps.db, keys: deps.keys, publicUrl: deps.publicUrl }, ...(deps.fetch ? { fetch: deps.fetch } : {}) });

  // One verification asks for the same things several times: the issuer's organisation for the
  // trust check and for each status list, the issuer's key for the credential and for each status
  // list token. Within one call (one request) each is looked up once; nothing is kept between
  // calls, so a deleted organisation or a rotated key is seen by the next verification.
  const options = () => {
    const now = deps.clock.now();
    const organisations = new Map<string, Promise<Organisation | undefined>>();
    const organisationOf = (ods: string): Promise<Organisation | undefined> => {
      let found = organisations.get(ods);
      if (!found) organisations.set(ods, (found = findOrganisationByOds(deps.db, ods)));
      return found;
    };
    const resolvedKeys = new Map<string, Promise<KeyResolution>>();
    const resolveIssuerKey = issuerKeyResolver({
      ...didResolver,
      resolveKey: (didUrl, o) => {
        const k = `${o?.relationship ?? 'assertionMethod'} ${didUrl}`;
        let found = resolvedKeys.get(k);
        if (!found) resolvedKeys.set(k, (found = didResolver.resolveKey(didUrl, o)));
        return found;
      },
    });

    // Step: the registry is the trust list. The DID must be exactly the DID of one of our organisations.
    const lookupIssuer = async (did: string): Promise<IssuerRecord | undefined> => {
      const ods = organisationOdsFromDid(deps.publicUrl, did);
      if (!ods) return undefined;
      const organisation = await organisationOf(ods);
      if (!organisation || organisation.odsCode !== ods) return undefined;
      return { did, name: organisation.name, kind: organisation.kind };
    };

    // Step: our own lists are read from the database, as signed documents, never over the network.
    const fetchStatusList = async (uri: string, kind: StatusListKind): Promise<string> => {
      const own = ownStatusDocument(deps.publicUrl, uri);
      if (own) {
        const organisation = await organisationOf(own.ods);
        if (!organisation || organisation.odsCode !== own.ods) throw new StatusListUnavailable('unknown organisation');
        const published = await statusListDocuments(deps.db, organisation, {
          keys: deps.keys,
          publicUrl: deps.publicUrl,
          issuerDid: () => organisationDid(deps.publicUrl, own.ods),
        }).current(own.document, deps.clock.now());
        if (!published) throw new StatusListUnavailable('unknown list');
        return published.body;
      }
      throw new StatusListUnavailable(`not a status list of this deployment (${kind})`);
    };

    const checkList = createStatusChecker({ fetchStatusList, resolveIssuerKey, now });
    // Our jwt_vc_json credentials name only their revocation list (D20, D27); the suspension list of
    // the same id holds the same index, so a credential of ours is valid only if both say so.
    const checkStatus: CheckStatus = async (reference, context) => {
      const outcome = await checkList(reference, context);
      const own = ownStatusDocument(deps.publicUrl, reference.uri);
      if (outcome.status !== 'valid' || context.format !== 'jwt_vc_json' || own?.document.kind !== 'bitstring' || own.document.purpose !== 'revocation') return outcome;
      const suspension = statusListUri(deps.publicUrl, own.ods, { ...own.document, purpose: 'suspension' });
      return checkList({ uri: suspension, index: reference.index, purpose: 'suspension' }, context);
    };
    return { now, resolveIssuerKey, lookupIssuer, checkStatus };
  };

  return {
    verify: (compact, { format, keyBinding }) => verifyCredential(compact, { ...options(), format, ...(keyBinding ? { keyBinding } : {}) }),
    verifyPresented: (presented, { keyBinding } = {}) => verifyPresentedCredentials(presented, { ...options(), ...(keyBinding ? { keyBinding } : {}) }),
  };
}

class StatusListUnavailable extends Error {
  override readonly name = 'StatusListUnavailable';
}

function ownStatusDocument(publicUrl: string, uri: string): { ods: string; document: StatusListDocumentId } | undefined {
  if (!uri.startsWith(`${publicUrl}/`)) return undefined;
  const match = ownStatusPath.exec(uri.slice(publicUrl.length));
  if (!match) return undefined;
  const [, ods, tokenId, bitstringId, purpose] = match;
  if (tokenId) return { ods: ods!, document: { kind: 'token', listId: tokenId } };
  return { ods: ods!, document: { kind: 'bitstring', listId: bitstringId!, purpose: purpose as 'revocation' | 'suspension' } };
}
