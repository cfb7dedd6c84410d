// Onboarding for the example external system (src/external-demo/training, docs/architecture.md
// D36). In the direct-to-wallet standard NHS England registers an external system's redirect URI
// and hands it a client id and secret ("Environments and testing"); here this stands in for that
// team and registers the demo's learning portal with its organisation (the demo world's academy,
// XTP01) exactly as `dsp client add` does: a `dsp-<ods>-…` client id, a 256-bit secret stored
// hashed, the credential types it may push, and an audit entry. Only the portal sees the secret.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { generateClientSecret, hashClientSecret } from '../../gateway/oidc/client-secrets.ts';
import { appendAudit } from '../../store/audit-log.ts';
import type { Database } from '../../store/database.ts';
import { findOidcClient, organisationOidcClients } from '../../store/oidc-clients.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';

export function externalDemoOnboarding(database: Database, clock: Clock) {
  return {
    async isRegistered(clientId: string): Promise<boolean> {
      const client = await findOidcClient(database.db, clientId);
      return Boolean(client && !client.disabledAt);
    },

    async register(input: { odsCode: string; name: string; redirectUri: string; credentialTypes: string[] }): Promise<{ clientId: string; clientSecret: string } | undefined> {
      const organisation = await findOrganisationByOds(database.db, input.odsCode);
      if (!organisation) return undefined;
      const clientId = `dsp-${organisation.odsCode.toLowerCase()}-${randomBytes(6).toString('hex')}`;
      const clientSecret = generateClientSecret();
      await database.transaction(async (tx) => {
        await organisationOidcClients(tx, scopeOf(organisation.id)).add({
          clientId,
          name: input.name,
          secretHash: hashClientSecret(clientSecret),
          redirectUris: [input.redirectUri],
          credentialTypes: input.credentialTypes,
          idTokenSignedResponseAlg: 'ES256',
          now: clock.now(),
        });
        await appendAudit(
          tx,
          {
            organisationId: organisation.id,
            actor: 'system:demo',
            action: 'oidc_client.added',
            subject: clientId,
            correlationId: randomUUID(),
            details: { name: input.name, redirectUris: [input.redirectUri], credentialTypes: input.credentialTypes, privateKeyJwt: false },
          },
          clock,
        );
      });
      return { clientId, clientSecret };
    },
  };
}
