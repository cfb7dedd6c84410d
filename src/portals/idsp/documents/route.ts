// The document check:
//   GET  /idsp/{ods}/documents   the form (after the passport question)
//   POST /idsp/{ods}/documents   validate (400 with an error summary, keeping what was typed),
//                                run the simulated check, and when it passes offer the
//                                DigitalIdentity into the wallet; then on to the result page.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { IDENTITY_DOCUMENT_TYPES } from '../../../core/credentials/index.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { createDigitalIdentitySubject, placeholderPhotoBase64, simulateDocumentCheck } from '../../../integrations/idsp/index.ts';
import { parseUkMobile } from '../../../integrations/notify/index.ts';
import { createCredentialOffer } from '../../../gateway/oid4vci/index.ts';
import { beginWalletSession } from '../../../gateway/wallet-sessions/index.ts';
import { idspOfPath, idspPath, notFound, pageContext, readJourney, writeJourney, type IdspSimulatorDeps } from '../journey.ts';
import { DOCUMENT_TYPE_HINTS, ISSUING_COUNTRIES, SEX_OPTIONS, parseDocumentForm } from './form.ts';

/** How long the offer, its wallet session and its transaction code live (D23's default). */
const OFFER_TTL_SECONDS = 600;

export function registerDocumentCheck(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  const render = (organisation: Organisation, extra: Record<string, unknown>) =>
    pageContext(organisation, 'Enter your details and your document', {
      backHref: idspPath(organisation, 'passport'),
      action: idspPath(organisation, 'documents'),
      documentTypes: IDENTITY_DOCUMENT_TYPES.map((type) => ({ value: type, text: type, hint: DOCUMENT_TYPE_HINTS[type] })),
      countries: ISSUING_COUNTRIES,
      sexOptions: SEX_OPTIONS,
      photo: placeholderPhotoBase64(),
      values: {},
      ...extra,
    });

  app.get('/idsp/:ods/documents', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    const journey = readJourney(request);
    // Out of order (no answer to the passport question yet): start there.
    if (!journey) return reply.redirect(idspPath(organisation, 'passport'), 303);
    return reply.page('portals/idsp/documents/page.njk', render(organisation, { existingPassport: journey.existingPassport }));
  });

  app.post('/idsp/:ods/documents', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    const journey = readJourney(request);
    if (!journey) return reply.redirect(idspPath(organisation, 'passport'), 303);

    // Step 1: the form.
    const now = deps.clock.now();
    const form = parseDocumentForm(request.body, now);
    if (!form.ok) {
      return reply.page('portals/idsp/documents/page.njk', render(organisation, { existingPassport: journey.existingPassport, errors: form.errors, values: form.values }), 400);
    }
    const { evidence, mobile } = form.value;

    // Step 2: the (simulated) document check.
    const check = simulateDocumentCheck(evidence, now);
    if (check.outcome === 'failed') {
      writeJourney(reply, organisation, { ...journey, check: { outcome: 'failed', reason: check.reason } }, deps.secureCookies);
      return reply.redirect(idspPath(organisation, 'checking'), 303);
    }

    // Step 3: the DigitalIdentity, for the person's DSP unique identifier: the one their access
    // key named, else minted now, once per journey (D35).
    const dspId = journey.dspId ?? randomUUID();
    const subject = createDigitalIdentitySubject({
      evidence,
      check,
      dspId,
      // The simulator keeps no records, so its subject id is new with every check.
      subjectId: randomUUID(),
      photograph: placeholderPhotoBase64(),
      idsp: { name: organisation.name, certificate: `Simulated, not certified (${organisation.odsCode})` },
      checkedAt: now,
    });

    // Step 4: the offer. Session binding with a transaction code texted to the mobile the person
    // gave (D23 a), because this is their first credential from this IDSP: holder-key binding
    // (D23 b) needs the key of an earlier AccessKey or Identity, and this IDSP has issued none
    // (nor does a shared access key's outcome tell it the key). The browser that shows the QR
    // code is the one that passed the check, and whoever scans it also needs that phone.
    // Offered as dc+sd-jwt only, so the person can share just the fields a verifier asks for
    // (D35).
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const offer = await deps.database.transaction(async (tx) => {
      const created = await createCredentialOffer(tx, deps, {
        organisation,
        dspId,
        credentials: [{ type: 'DigitalIdentity', format: 'dc+sd-jwt', subject }],
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'idsp-digital-identity', browserBinding, returnTo: idspPath(organisation, 'done'), ttlSeconds: OFFER_TTL_SECONDS },
      });
      await deps.notifier.send(tx, {
        organisationId: organisation.id,
        to: mobile,
        template: 'sms-verification-code',
        personalisation: { code: created.txCode!, expires_in_minutes: String(OFFER_TTL_SECONDS / 60) },
      });
      return created;
    });

    writeJourney(
      reply,
      organisation,
      {
        ...journey,
        dspId,
        check: {
          outcome: 'passed',
          walletSessionId: offer.sessionId,
          GPG45profile: check.GPG45profile,
          levelOfConfidence: check.levelOfConfidence,
          documentType: evidence.documentType,
          documentNumberEnding: evidence.documentNumber.slice(-4),
          mobileEnding: parseUkMobile(mobile).slice(-3),
          ttlMinutes: OFFER_TTL_SECONDS / 60,
        },
      },
      deps.secureCookies,
    );
    return reply.redirect(idspPath(organisation, 'checking'), 303);
  });
}
