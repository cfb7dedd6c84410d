// /dev/wallet-demo (outside production): try the wallet side of the gateway with any
// OpenID4VCI / OpenID4VP wallet before the portals exist. "Get a credential" offers a sample
// credential of the chosen type from a demo organisation (session binding with a transaction
// code sent by text message to the outbox, D23); "Share a credential" asks for one and shows what
// the verifier accepted. Both run through the wallet-session page like every real journey.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CREDENTIAL_TYPE_IDS, SAMPLE_DSP_ID, SAMPLE_SUBJECTS, getCredentialType, mayIssue } from '../../../core/credentials/index.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { Clock } from '../../../platform/clock.ts';
import { formValues, parseForm } from '../../../platform/http/forms.ts';
import type { KeyManagement } from '../../../platform/key-management.ts';
import type { Database, Db } from '../../../store/database.ts';
import { findOrganisationByOds, listOrganisations } from '../../../store/organisations.ts';
import type { Notifier } from '../../../integrations/notify/index.ts';
import { createCredentialOffer } from '../../../gateway/oid4vci/index.ts';
import { createPresentationRequest } from '../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../gateway/wallet-sessions/index.ts';

export interface WalletDemoDeps {
  database: Database;
  keys: KeyManagement<Db>;
  notifier: Notifier;
  clock: Clock;
  publicUrl: string;
  secureCookies: boolean;
}

/** The demo person's mobile: text messages to it appear in the outbox. */
export const DEMO_MOBILE = '07700 900123';
const TTL_SECONDS = 600;

const zIssue = z.object({
  organisation: z.string().regex(/^[A-Z0-9]{3,10}$/, 'Choose an organisation'),
  type: z.enum(CREDENTIAL_TYPE_IDS, { error: 'Choose a credential' }),
  format: z.enum(['jwt_vc_json', 'dc+sd-jwt'], { error: 'Choose a format' }),
});
const zShare = z.object({
  organisation: z.string().regex(/^[A-Z0-9]{3,10}$/, 'Choose an organisation'),
  type: z.enum(CREDENTIAL_TYPE_IDS, { error: 'Choose a credential' }),
});
const zResult = z.object({ organisation: z.string().regex(/^[A-Z0-9]{3,10}$/), walletSession: z.uuid() });

export function registerWalletDemo(app: FastifyInstance, deps: WalletDemoDeps): void {
  const form = async (extra: Record<string, unknown> = {}) => {
    const organisations = await listOrganisations(deps.database.db);
    return {
      pageTitle: 'Try the wallet side',
      organisations,
      types: CREDENTIAL_TYPE_IDS.map((id) => ({ id, name: getCredentialType(id).display.name })),
      demoMobile: DEMO_MOBILE,
      values: {},
      ...extra,
    };
  };

  app.get('/dev/wallet-demo', { config: { surface: 'page' } }, async (_request, reply) => reply.page('portals/dev/wallet-demo/page.njk', await form()));

  app.post('/dev/wallet-demo/issue', { config: { surface: 'page' } }, async (request, reply) => {
    const parsed = parseForm(zIssue, request.body);
    if (!parsed.ok) return reply.page('portals/dev/wallet-demo/page.njk', await form({ errors: parsed.errors, values: parsed.values }), 400);
    const organisation = await findOrganisationByOds(deps.database.db, parsed.value.organisation);
    if (!organisation || !mayIssue(parsed.value.type, organisation.kind)) {
      const errors = { summary: [{ text: 'This organisation may not issue that credential', href: '#type' }], fields: { type: { text: 'This organisation may not issue that credential' } } };
      return reply.page('portals/dev/wallet-demo/page.njk', await form({ errors, values: formValues(request.body) }), 400);
    }
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const offer = await deps.database.transaction(async (tx) => {
      const created = await createCredentialOffer(tx, deps, {
        organisation,
        // Every catalogue sample is about the same demo person, SAMPLE_DSP_ID.
        dspId: SAMPLE_DSP_ID,
        credentials: [{ type: parsed.value.type, format: parsed.value.format, subject: SAMPLE_SUBJECTS[parsed.value.type] }],
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'wallet-demo', browserBinding, returnTo: resultPath(organisation), ttlSeconds: TTL_SECONDS },
      });
      await deps.notifier.send(tx, { organisationId: organisation.id, to: DEMO_MOBILE, template: 'sms-verification-code', personalisation: { code: created.txCode!, expires_in_minutes: String(TTL_SECONDS / 60) } });
      return created;
    });
    return reply.redirect(walletSessionPath(organisation.odsCode, offer.sessionId), 303);
  });

  app.post('/dev/wallet-demo/share', { config: { surface: 'page' } }, async (request, reply) => {
    const parsed = parseForm(zShare, request.body);
    if (!parsed.ok) return reply.page('portals/dev/wallet-demo/page.njk', await form({ errors: parsed.errors, values: parsed.values }), 400);
    const organisation = await findOrganisationByOds(deps.database.db, parsed.value.organisation);
    if (!organisation) return reply.page('portals/dev/wallet-demo/page.njk', await form({ values: formValues(request.body) }), 400);
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation,
        credentials: [{ id: 'requested', type: parsed.value.type }],
        purpose: `Demo: share your ${getCredentialType(parsed.value.type).display.name}`,
        walletSession: { purpose: 'wallet-demo', browserBinding, returnTo: resultPath(organisation), ttlSeconds: TTL_SECONDS },
      }),
    );
    return reply.redirect(walletSessionPath(organisation.odsCode, presentation.sessionId), 303);
  });

  app.get('/dev/wallet-demo/result', { config: { surface: 'page' } }, async (request, reply) => {
    const query = zResult.safeParse(request.query);
    const organisation = query.success ? await findOrganisationByOds(deps.database.db, query.data.organisation) : undefined;
    const outcome = organisation && query.success ? await walletSessionOutcome(deps.database.db, deps.clock, request, organisation.id, query.data.walletSession) : undefined;
    if (!outcome) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.page('portals/dev/wallet-demo/result.njk', { pageTitle: 'Your wallet has finished', organisation, outcome, outcomeJson: JSON.stringify(outcome, null, 2) });
  });
}

function resultPath(organisation: Organisation): string {
  return `/dev/wallet-demo/result?organisation=${organisation.odsCode}`;
}
