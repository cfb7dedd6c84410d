// GET /orgs/{ods}/did.json — an organisation's did:web DID document (architecture §5: the DID
// `did:web:{host%3Aport}:orgs:{ods}` resolves here by did:web §"Read (Resolve)").
//
// Steps: parse the ODS code → load the organisation and its keys → build the document →
// answer it with validators and caching.
//
// - Media type `application/did+ld+json`: the document carries `@context`, so it is the JSON-LD
//   representation (DID Core 1.0 §6.3; did:web §"Key Material and Document Handling" processes a
//   document with `@context` by the JSON-LD rules). Resolvers we know of (web-did-resolver,
//   Credo, Entra) read the body whatever the media type.
// - `cache-control: public, max-age=300`: verifiers may keep it five minutes, so a new key is
//   seen within that time (our resolver also fetches again when it meets a kid it does not know).
// - A strong ETag over the exact bytes, and 304 for a matching If-None-Match (RFC 9110 §8.8.3,
//   §13.1.2).
// - CORS open and `cross-origin-resource-policy: cross-origin`: the document is public, and
//   browser-based wallets and verifiers on other origins must be able to read it.
// - 404 in the protocol error form for an unknown organisation, and for an ODS code spelt in
//   another case: DIDs are compared as strings, so `orgs:rzx` is not our DID.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Db } from '../../store/database.ts';
import { organisationDidDocument } from '../../store/organisation-keys.ts';

export const DID_DOCUMENT_MEDIA_TYPE = 'application/did+ld+json';
export const DID_DOCUMENT_CACHE_CONTROL = 'public, max-age=300';

export interface DidDocumentDeps {
  db: Db;
  keys: KeyManagement<Db>;
  /** config.http.publicUrl: the DID is built from it, never from the request's Host header. */
  publicUrl: string;
}

const zParams = z.strictObject({ ods: z.string().regex(/^[A-Z0-9]{3,10}$/) });

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: If-None-Match matches on `*` or any listed entity tag, compared weakly. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function registerDidDocument(app: FastifyInstance, deps: DidDocumentDeps): void {
  app.get('/orgs/:ods/did.json', { config: { surface: 'protocol' } }, async (request, reply) => {
    // parse
    const params = zParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('No DID document for this organisation');

    // load and build
    const found = await organisationDidDocument(deps.db, deps.keys, deps.publicUrl, params.data.ods);
    if (!found) throw new NotFoundError('No DID document for this organisation');
    const body = JSON.stringify(found.document);
    const etag = etagOf(body);

    // respond
    reply
      .header('cache-control', DID_DOCUMENT_CACHE_CONTROL)
      .header('etag', etag)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type(DID_DOCUMENT_MEDIA_TYPE).send(body);
  });
}
