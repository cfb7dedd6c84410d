// POST /orgs/{ods}/notification — the wallet tells us what became of a credential
// (OpenID4VCI 1.0 §11): credential_accepted, credential_failure or credential_deleted, recorded
// against the issued credential. Idempotent: the same event again changes nothing; 204 either way.
//
// Steps: find the issuer → authenticate the access token → parse → find the credential the
// notification_id names, issued under this token's offer → record (and audit a change) → 204.
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
    const token = await authenticateAccessToken(deps.database.db, scope, request, reply, { url: issuerUrls(deps.publicUrl, organisation.odsCode).notification, now });

    const parsed = zNotification.safeParse(request.body);
    if (!parsed.success) throw new InvalidNotificationRequest('The notification is malformed');
    const { notification_id: notificationId, event, event_description: description } = parsed.data;

    const issued = await oid4vciIssuance(deps.database.db, scope).findIssuedByNotificationId(notificationId);
    // Another offer's notification id is as unknown as a made-up one.
    if (!issued || issued.offerId !== token.offerId) throw new InvalidNotificationId();

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
