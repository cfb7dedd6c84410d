// POST /orgs/{ods}/notification — the wallet tells us what became of a credential
// (OpenID4VCI 1.0 §11): credential_accepted, credential_failure or credential_deleted, recorded
// against the issued credential. Idempotent: the same event again changes nothing; 204 either way.
//
// Steps: find the issuer → authenticate the access token, finding with it the credential the
// notification_id names among those issued under this token's offer → parse → record (and audit
// a change) → 204.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../store/audit-log.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf } from '../../store/scope.ts';
import { authenticateAccessToken } from './authenticate-access-token.ts';
import { InvalidNotificationId, InvalidNotificationRequest } from './errors.ts';
import { issuerUrls, organisationOfPath, type Oid4vciDeps } from './issuer-context.ts';

const zNotification = z.looseObject({
  notification_id: z.string().min(1).max(200),
  event: z.enum(['credential_accepted', 'credential_failure', 'credential_deleted']),
  event_description: z
    .string()
    .max(1000)
    .regex(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/)
    .optional(),
});

export function registerNotificationEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.post('/orgs/:ods/notification', { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const scope = scopeOf(organisation.id);
    const now = deps.clock.now();
    const store = oid4vciIssuance(deps.database.db, scope);
    // Parsed first so the token and the credential are looked up together; a malformed
    // notification is still refused only after the token is accepted.
    const parsed = zNotification.safeParse(request.body);
    const found = await authenticateAccessToken(deps.database.db, scope, request, reply, { url: issuerUrls(deps.publicUrl, organisation.odsCode).notification, now }, (hash) =>
      // A malformed notification names no credential ('' is no notification id).
      store.findAccessTokenWithIssued(hash, parsed.success ? parsed.data.notification_id : '', now),
    );
    if (!parsed.success) throw new InvalidNotificationRequest('The notification is malformed');
    const { event, event_description: description } = parsed.data;

    // Looked up among the credentials of this token's offer: another offer's notification id is
    // as unknown as a made-up one.
    const { issued } = found;
    if (!issued) throw new InvalidNotificationId();

    await deps.database.transaction(async (tx) => {
      const changed = await oid4vciIssuance(tx, scope).recordNotification(issued.serialNumber, event, description ?? null, now);
      if (changed) {
        await appendAudit(
          tx,
          { organisationId: organisation.id, actor: 'oid4vci:wallet', action: `credential.wallet.${event}`, subject: issued.serialNumber, correlationId: request.id, details: {} },
          deps.clock,
        );
      }
    });
    return reply.code(204).send();
  });
}
