// GET /.well-known/openid-credential-issuer/orgs/{ods} — Credential Issuer Metadata
// (OpenID4VCI 1.0 §12.2). The well-known segment is inserted between host and path (§12.2.2).
//
// Steps: find the issuer → build its metadata from the catalogue → respond (JSON; unsigned
// metadata only, §12.2.3 makes signed metadata optional).
//
// Every catalogue type is offered in both formats. Display data and claims sit under
// `credential_metadata` (1.0 moved them there, §12.2.4). Holder keys may be given as a bare
// `jwk` or a did:jwk / did:key `kid`; key proofs are JWTs signed with ES256 or EdDSA.
import type { FastifyInstance } from 'fastify';
import { CREDENTIAL_TYPES, mayIssue, vctOf, type CredentialTypeDefinition, type IssuerKind } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { CREDENTIAL_FORMATS, HOLDER_KEY_ALGORITHMS, configurationIdOf, issuerUrls, organisationOfPath, type Oid4vciDeps } from './issuer-context.ts';

const LOCALE = 'en-GB';

function claimsOf(definition: CredentialTypeDefinition, prefix: string[]) {
  const required = new Set(Array.isArray(definition.subjectSchema.required) ? (definition.subjectSchema.required as string[]) : []);
  return definition.display.displayOrder.map((field) => ({
    path: [...prefix, field],
    mandatory: required.has(field),
    display: [{ name: definition.display.fieldLabels[field] ?? field, locale: LOCALE }],
  }));
}

function configurationsOf(definition: CredentialTypeDefinition): Record<string, unknown> {
  const common = {
    cryptographic_binding_methods_supported: ['jwk', 'did:jwk', 'did:key'],
    credential_signing_alg_values_supported: ['ES256'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...HOLDER_KEY_ALGORITHMS] } },
  };
  const display = [{ name: definition.display.name, description: definition.display.description, locale: LOCALE }];
  const out: Record<string, unknown> = {};
  for (const format of CREDENTIAL_FORMATS) {
    out[configurationIdOf(definition.id, format)] =
      format === 'jwt_vc_json'
        ? {
            format,
            credential_definition: { type: ['VerifiableCredential', definition.id] },
            ...common,
            credential_metadata: { display, claims: claimsOf(definition, ['credentialSubject']) },
          }
        : {
            format,
            vct: vctOf(definition.id),
            ...common,
            credential_metadata: { display, claims: claimsOf(definition, []) },
          };
  }
  return out;
}

// The catalogue does not change while the process runs: build the configurations once per kind of
// organisation, listing only the types that kind may issue (a wallet should not be told of
// configurations the credential endpoint would refuse).
const configurationsByKind = new Map<IssuerKind, Record<string, unknown>>();

function configurationsFor(kind: IssuerKind): Record<string, unknown> {
  let configurations = configurationsByKind.get(kind);
  if (!configurations) {
    configurations = Object.assign({}, ...CREDENTIAL_TYPES.filter((t) => mayIssue(t.id, kind)).map(configurationsOf)) as Record<string, unknown>;
    configurationsByKind.set(kind, configurations);
  }
  return configurations;
}

export function credentialIssuerMetadata(publicUrl: string, organisation: Pick<Organisation, 'odsCode' | 'name' | 'kind'>) {
  const configurations = configurationsFor(organisation.kind);
  const urls = issuerUrls(publicUrl, organisation.odsCode);
  return {
    credential_issuer: urls.issuer,
    // The issuer is its own authorization server (pre-authorized code grant only).
    authorization_servers: [urls.issuer],
    credential_endpoint: urls.credential,
    nonce_endpoint: urls.nonce,
    notification_endpoint: urls.notification,
    display: [{ name: organisation.name, locale: LOCALE }],
    credential_configurations_supported: configurations,
  };
}

export function registerIssuerMetadataEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.get('/.well-known/openid-credential-issuer/orgs/:ods', { config: { surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const metadata = credentialIssuerMetadata(deps.publicUrl, organisation);
    return reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(metadata);
  });
}
