// GET the status list documents of an organisation, for verifiers:
//
//   /orgs/{ods}/status/token/{listId}                     Status List Token (dc+sd-jwt credentials)
//                                                         application/statuslist+jwt
//   /orgs/{ods}/status/bitstring/{listId}/revocation      BitstringStatusListCredential, statusPurpose
//   /orgs/{ods}/status/bitstring/{listId}/suspension      revocation / suspension (jwt_vc_json)
//                                                         application/vc+jwt
//
// Steps: parse the path, find the organisation, get the current document (rebuilt when the
// list changed since it was last signed, see src/store/status-list-documents.ts), answer 304 to
// a matching If-None-Match, else the document.
//
// Caching: `Cache-Control: public, max-age=<ttl>` equal to the document's ttl (Bitstring Status
// List v1.0 §2.2 asks publishers to align HTTP caching with `ttl`; Token Status List "Status
// List Response" allows caching up to ttl), and a strong ETag. Lists are public by design —
// every verifier fetches whole lists, which is what keeps checks private (herd privacy) — so
// any origin may read them (CORS `*`). Unknown organisations, lists and another organisation's
// list ids all answer the same 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BITSTRING_PURPOSES, type StatusListDocumentId } from '../../core/credentials/status/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Database } from '../../store/database.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { checkPublicationSettings, statusListDocuments, type PublishedStatusList, type StatusPublicationSettings } from '../../store/status-list-documents.ts';

export interface StatusListRouteDeps extends StatusPublicationSettings {
  database: Database;
  clock: Clock;
}

const zOds = z.string().regex(/^[A-Za-z0-9]{3,10}$/);
const zListId = z.uuid();
const zTokenParams = z.strictObject({ ods: zOds, listId: zListId });
const zBitstringParams = z.strictObject({ ods: zOds, listId: zListId, purpose: z.enum(BITSTRING_PURPOSES) });

export function registerStatusLists(app: FastifyInstance, deps: StatusListRouteDeps): void {
  // Misconfiguration is a TypeError now, not on the first request (STYLE.md rule 7).
  checkPublicationSettings(deps);
  const routeConfig = { config: { surface: 'protocol' as const } };

  app.get('/orgs/:ods/status/token/:listId', routeConfig, async (request, reply) => {
    const params = parseParams(zTokenParams, request.params);
    return serve(request, reply, deps, params.ods, { kind: 'token', listId: params.listId.toLowerCase() });
  });

  app.get('/orgs/:ods/status/bitstring/:listId/:purpose', routeConfig, async (request, reply) => {
    const params = parseParams(zBitstringParams, request.params);
    return serve(request, reply, deps, params.ods, { kind: 'bitstring', listId: params.listId.toLowerCase(), purpose: params.purpose });
  });
}

/** Step 1: the path names an organisation and a list, or there is nothing here. */
function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

async function serve(request: FastifyRequest, reply: FastifyReply, deps: StatusListRouteDeps, ods: string, document: StatusListDocumentId) {
  // Step 2: the organisation.
  const organisation = await findOrganisationByOds(deps.database.db, ods);
  if (!organisation) throw new NotFoundError();
  // Step 3: its current document for this list (rebuilt if stale).
  const published = await statusListDocuments(deps.database.db, organisation, deps).current(document, deps.clock.now());
  if (!published) throw new NotFoundError();
  // Step 4: respond.
  return respond(request, reply, published);
}

function respond(request: FastifyRequest, reply: FastifyReply, published: PublishedStatusList) {
  reply
    .header('cache-control', `public, max-age=${published.ttlSeconds}`)
    .header('etag', published.etag)
    .header('last-modified', published.issuedAt.toUTCString())
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin');
  if (etagMatches(request.headers['if-none-match'], published.etag)) return reply.code(304).send();
  return reply.type(published.mediaType).send(published.body);
}

/** RFC 9110 §13.1.2: If-None-Match is `*` or a list of entity tags, compared weakly. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
