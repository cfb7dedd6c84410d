// The web wallet at `/wallet` (docs/architecture.md §5): a mobile-first, installable web app.
// The server only hands out the NHS.UK shell page, the bundled JavaScript and the web app
// manifest; everything the wallet knows (keys, credentials) stays in the person's browser, and
// it talks to issuers and verifiers directly.
//
// CSP: the app-wide policy (src/platform/http/server.ts) allows `connect-src 'self'`, but a
// wallet must reach any issuer or verifier the person scans, and show their logos. The wallet's
// own routes therefore carry a route-level helmet policy: the app-wide directives with
// `connect-src 'self' https:` and `img-src 'self' data: https:` (plus http://localhost and
// http://127.0.0.1 outside production, for local issuers). Scripts stay 'self' + nonce, no
// inline handlers; nothing else is loosened, and no other page is affected.
import type { FastifyInstance } from 'fastify';
import { contentSecurityDirectives } from '../../platform/http/server.ts';
import { walletBundle } from './build-wallet-bundle.ts';

export interface WebWalletDeps {
  production: boolean;
  https: boolean;
}

const MANIFEST = {
  name: 'Digital Staff Passport wallet',
  short_name: 'DSP wallet',
  description: 'Keep your NHS Digital Staff Passport credentials and share them when you choose.',
  id: '/wallet',
  start_url: '/wallet',
  scope: '/wallet',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#f0f4f5',
  theme_color: '#005eb8',
  icons: [
    { src: '/assets/images/nhsuk-icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/assets/images/nhsuk-icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/assets/images/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
  ],
};

export function walletHelmet(deps: WebWalletDeps) {
  const base = contentSecurityDirectives(deps.https);
  const local = deps.production ? [] : ['http://localhost:*', 'http://127.0.0.1:*'];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...base,
        connectSrc: ["'self'", 'https:', ...local],
        imgSrc: ["'self'", 'data:', 'https:', ...local],
      },
    },
  };
}

export function registerWebWallet(app: FastifyInstance, deps: WebWalletDeps): void {
  const helmet = walletHelmet(deps);
  const shell = { helmet, config: { surface: 'page' as const } };

  // The one shell for every state of the app; `/wallet/open?uri=…` is how a same-device link
  // reaches it (the page reads `uri` itself; the server never sees the wallet's data).
  for (const url of ['/wallet', '/wallet/open']) {
    app.get(url, shell, async (_request, reply) => reply.page('wallet/web/page.njk', { pageTitle: 'Your wallet', serviceHref: '/wallet' }));
  }

  app.get('/wallet/app.js', { helmet }, async (request, reply) => {
    const bundle = await walletBundle();
    reply.header('etag', bundle.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === bundle.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(bundle.js);
  });

  app.get('/wallet/manifest.webmanifest', { helmet }, async (_request, reply) =>
    reply.type('application/manifest+json').header('cache-control', 'max-age=3600').send(JSON.stringify(MANIFEST)),
  );
}
