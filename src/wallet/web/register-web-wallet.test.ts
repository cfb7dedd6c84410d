// The web wallet's server side through inject(): the shell page, the bundle and the manifest,
// and the wallet-only CSP that leaves every other page's policy as it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../platform/http/server.ts';
import { createLogger } from '../../platform/logger.ts';
import { testConfig } from '../../../test/support/app.ts';
import { registerWebWallet } from './register-web-wallet.ts';

const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

describe('web wallet routes', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createHttpServer({ config: testConfig(), logger: createLogger('silent') });
    registerWebWallet(app, { production: false, https: false });
    app.get('/other', { config: { surface: 'page' } }, async () => 'other');
    await app.ready();
  });
  after(() => app.close());

  it('serves the shell page in the NHS.UK layout with its manifest and the bundle under the nonce', async () => {
    for (const url of ['/wallet', '/wallet/open?uri=openid4vp%3A%2F%2F%3Frequest_uri%3Dx']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<link rel="manifest" href="\/wallet\/manifest.webmanifest">/);
      assert.doesNotMatch(res.body, /\/assets\/manifest.json/);
      const nonce = /'nonce-([0-9a-f]+)'/.exec(String(res.headers['content-security-policy']))![1];
      assert.match(res.body, new RegExp(`<script type="module" src="/wallet/app.js" nonce="${nonce}"></script>`));
      assert.match(res.body, /nhsuk-header/);
      assert.match(res.body, /<noscript>/);
    }
  });

  it('lets wallet pages reach any https issuer or verifier, and loopback http only outside production', async () => {
    const csp = String((await app.inject({ url: '/wallet' })).headers['content-security-policy']);
    assert.equal(directive(csp, 'connect-src'), "connect-src 'self' https: http://localhost:* http://127.0.0.1:*");
    assert.equal(directive(csp, 'img-src'), "img-src 'self' data: https: http://localhost:* http://127.0.0.1:*");
    assert.match(directive(csp, 'script-src'), /^script-src 'self' 'nonce-[0-9a-f]+'$/);
    assert.equal(directive(csp, 'frame-ancestors'), "frame-ancestors 'none'");

    const production = await createHttpServer({ config: testConfig(), logger: createLogger('silent') });
    registerWebWallet(production, { production: true, https: true });
    await production.ready();
    const strict = String((await production.inject({ url: '/wallet' })).headers['content-security-policy']);
    assert.equal(directive(strict, 'connect-src'), "connect-src 'self' https:");
    await production.close();
  });

  it('keeps the app-wide policy on every other page', async () => {
    const csp = String((await app.inject({ url: '/other' })).headers['content-security-policy']);
    assert.equal(directive(csp, 'connect-src'), "connect-src 'self'");
    assert.equal(directive(csp, 'img-src'), "img-src 'self' data:");
  });

  it('builds the bundle once, serves it with an ETag, and it needs no eval', async () => {
    const first = await app.inject({ url: '/wallet/app.js' });
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['content-type']), /^text\/javascript/);
    assert.ok(!first.body.includes('new Function'), 'no code generation at run time (the CSP forbids it)');
    const etag = String(first.headers.etag);
    const again = await app.inject({ url: '/wallet/app.js', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
  });

  it('publishes an installable web app manifest with NHS.UK icons', async () => {
    const res = await app.inject({ url: '/wallet/manifest.webmanifest' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/manifest\+json/);
    const manifest = res.json<{ start_url: string; scope: string; display: string; icons: { src: string; sizes: string }[] }>();
    assert.equal(manifest.start_url, '/wallet');
    assert.equal(manifest.scope, '/wallet');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
    for (const icon of manifest.icons) assert.equal((await app.inject({ url: icon.src })).statusCode, 200, icon.src);
  });
});
