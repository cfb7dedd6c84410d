// The OIDC provider face of the gateway for external systems (docs/architecture.md §5, D30):
// oidc-provider mounted at /gateway for discovery, JWKS, PAR, authorize, token and RFC 7009
// token revocation; our interaction pages (the wallet session); and credential revocation.
import middie from '@fastify/middie';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';
import { registerInteraction } from './interaction.ts';
import { GATEWAY_PATH, PROVIDER_ROUTES, createGatewayProvider, gatewayIssuer, type GatewayProviderDeps } from './provider.ts';
import { registerRevocationEndpoint } from './revocation-endpoint.ts';
import { gatewaySigningKeys } from './signing-keys.ts';

export { GATEWAY_PATH, gatewayIssuer } from './provider.ts';
export { REVOCATION_PATH } from './revocation-endpoint.ts';
export { generateClientSecret, hashClientSecret } from './client-secrets.ts';

export interface GatewayOidcDeps {
  database: Database;
  clock: Clock;
  keys: KeyManagement<Db>;
  publicUrl: string;
  cookieSecret: string;
  secureCookies: boolean;
  trustProxy: boolean;
  ttl?: GatewayProviderDeps['ttl'];
  walletSessionTtlSeconds?: number;
}

const exactPaths = new Set<string>(['/.well-known/openid-configuration', ...Object.values(PROVIDER_ROUTES)]);

/** Whether a path under /gateway is oidc-provider's (the authorize resume is /authorize/{uid}). */
function isProviderPath(path: string): boolean {
  return exactPaths.has(path) || path.startsWith(`${PROVIDER_ROUTES.authorization}/`);
}

export async function registerGatewayOidc(app: FastifyInstance, deps: GatewayOidcDeps): Promise<Provider> {
  const { database, clock } = deps;
  const signingKeys = await gatewaySigningKeys(database.db, deps.keys);
  const provider = createGatewayProvider({
    db: database.db,
    clock,
    publicUrl: deps.publicUrl,
    signingKeys,
    cookieSecret: deps.cookieSecret,
    secureCookies: deps.secureCookies,
    trustProxy: deps.trustProxy,
    ...(deps.ttl ? { ttl: deps.ttl } : {}),
  });
  // oidc-provider is a Koa app; middie runs it for its own paths before Fastify routing and lets
  // everything else under /gateway (our interaction pages, revocation) through to Fastify.
  await app.register(middie);
  const callback = provider.callback();
  app.use(GATEWAY_PATH, (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (isProviderPath(path)) {
      void callback(req, res);
      return;
    }
    next();
  });
  registerInteraction(app, {
    provider,
    database,
    clock,
    keys: deps.keys,
    publicUrl: deps.publicUrl,
    secureCookies: deps.secureCookies,
    ...(deps.walletSessionTtlSeconds ? { walletSessionTtlSeconds: deps.walletSessionTtlSeconds } : {}),
  });
  registerRevocationEndpoint(app, { db: database.db, clock, issuer: gatewayIssuer(deps.publicUrl), publicUrl: deps.publicUrl });
  return provider;
}
