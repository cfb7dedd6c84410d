// The first question: does the person already have an NHS Digital Staff Passport?
//   GET  /idsp/{ods}/passport          the question
//   POST /idsp/{ods}/passport          No → the document check; Yes → share the access key
//   GET  /idsp/{ods}/passport/shared   back from the wallet session with the shared access key
//
// Why ask (docs/architecture.md D35): every DSP credential carries the person's DSP unique
// identifier (dspId), and an IDSP cannot look it up. Someone who already has a passport shares
// an access key from their wallet (OpenID4VP, verified like every presentation: signature,
// holder key, status, issuer allowed), and the digital identity carries the dspId it names, so a
// new trust can take it alongside their other credentials (the same-holder check, §4). Someone
// new has none yet: the IDSP mints one at their first passed check, and the trust that confirms
// their identity copies it into the NHS identity credential (§4 "a receiving trust copies it
// from the presented identity credential").
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../../platform/http/forms.ts';
import { createPresentationRequest } from '../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../gateway/wallet-sessions/index.ts';
import { idspOfPath, idspPath, notFound, pageContext, writeJourney, type IdspSimulatorDeps } from '../journey.ts';

const zAnswer = z.object({ hasPassport: z.enum(['yes', 'no'], { error: 'Select yes if you already have an NHS Digital Staff Passport' }) });
const zShared = z.object({ walletSession: z.uuid() });
/** What a completed presentation session's outcome must hold for us (PresentationOutcome, src/gateway/oid4vp). */
const zSharedOutcome = z.object({ dspId: z.uuid(), credentials: z.array(z.object({ type: z.literal('AccessKey') })).min(1) });
const PRESENTATION_TTL_SECONDS = 300;

export function registerPassportQuestion(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  const page = 'portals/idsp/passport/page.njk';
  const title = 'Do you already have an NHS Digital Staff Passport?';

  app.get('/idsp/:ods/passport', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    return reply.page(page, pageContext(organisation, title, { backHref: idspPath(organisation), action: idspPath(organisation, 'passport'), values: {} }));
  });

  app.post('/idsp/:ods/passport', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    const parsed = parseForm(zAnswer, request.body);
    if (!parsed.ok) {
      return reply.page(page, pageContext(organisation, title, { backHref: idspPath(organisation), action: idspPath(organisation, 'passport'), errors: parsed.errors, values: parsed.values }), 400);
    }
    if (parsed.value.hasPassport === 'no') {
      writeJourney(reply, organisation, { v: 1, existingPassport: false }, deps.secureCookies);
      return reply.redirect(idspPath(organisation, 'documents'), 303);
    }
    // Share the access key: any trust's will do, it names the person's dspId.
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation,
        credentials: [{ id: 'access-key', type: 'AccessKey' }],
        purpose: 'Share your access key so your digital identity carries your Digital Staff Passport number',
        walletSession: { purpose: 'idsp-existing-passport', browserBinding, returnTo: idspPath(organisation, 'passport/shared'), ttlSeconds: PRESENTATION_TTL_SECONDS },
      }),
    );
    return reply.redirect(walletSessionPath(organisation.odsCode, presentation.sessionId), 303);
  });

  app.get('/idsp/:ods/passport/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    // Without a session (the wallet-session page's "Start again"), ask again.
    const query = zShared.safeParse(request.query);
    if (!query.success) return reply.redirect(idspPath(organisation, 'passport'), 303);
    // Only the browser that started the session gets its outcome (D22).
    const outcome = zSharedOutcome.safeParse(await walletSessionOutcome(deps.database.db, deps.clock, request, organisation.id, query.data.walletSession));
    if (!outcome.success) return notFound(reply);
    writeJourney(reply, organisation, { v: 1, existingPassport: true, dspId: outcome.data.dspId }, deps.secureCookies);
    return reply.redirect(idspPath(organisation, 'documents'), 303);
  });
}
