import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createHttpServer } from './server.ts';
import { parseForm } from './forms.ts';
import { createLogger } from '../logger.ts';
import { testConfig, csrfFrom } from '../../../test/support/app.ts';

describe('HTTP server policy', () => {
  let app: FastifyInstance;
  before(async () => {
    const config = testConfig({ DSP_BODY_LIMIT_BYTES: '2048' });
    app = await createHttpServer({ config, logger: createLogger('silent') });
    app.post('/echo', { config: { surface: 'protocol' } }, async (request) => ({ received: request.body }));
    app.post('/token', { config: { csrf: false, surface: 'protocol' } }, async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('internal detail: connection string postgres://secret@db');
    });
    const zName = z.object({ name: z.string().trim().min(1, 'Enter your name') });
    app.get('/form', { config: { surface: 'page' } }, async (_req, reply) => reply.page('test/form.njk', { values: {} }));
    app.post('/form', { config: { surface: 'page' } }, async (request, reply) => {
      const result = parseForm(zName, request.body);
      if (!result.ok) return reply.page('test/form.njk', { errors: result.errors, values: result.values }, 400);
      return reply.redirect('/form');
    });
    await app.ready();
  });
  after(() => app.close());

  it('answers an oversized body with 413 and a JSON error', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'a'.repeat(5000) }) });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error, 'invalid_request');
  });

  it('answers malformed JSON with 400 and a JSON error', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a": ' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { error: 'invalid_request', error_description: 'Malformed JSON body' });
  });

  it('refuses a form post without a CSRF token with 403', async () => {
    const res = await app.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: 'name=Ada' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Sorry, there is a problem/);
  });

  it('refuses a form post whose CSRF token belongs to another browser', async () => {
    const first = csrfFrom(await app.inject({ method: 'GET', url: '/form' }));
    const second = csrfFrom(await app.inject({ method: 'GET', url: '/form' }));
    const res = await app.inject({
      method: 'POST', url: '/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: second.cookie },
      payload: `name=Ada&_csrf=${encodeURIComponent(first.token)}`,
    });
    assert.equal(res.statusCode, 403);
  });

  it('accepts a form post with its CSRF token, and answers invalid input with 400, an error summary and what was typed', async () => {
    const page = await app.inject({ method: 'GET', url: '/form' });
    const { token, cookie } = csrfFrom(page);
    const ok = await app.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: `name=Ada&_csrf=${encodeURIComponent(token)}` });
    assert.equal(ok.statusCode, 302);
    const bad = await app.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: `name=%20%20&other=kept%3Cvalue&_csrf=${encodeURIComponent(token)}` });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /<a href="#name">\s*Enter your name\s*<\/a>/);
    assert.match(bad.body, /value="kept&lt;value"/, 'what the person typed is kept, escaped');
  });

  it('lets a protocol endpoint that opts out receive cross-site form posts', async () => {
    const res = await app.inject({ method: 'POST', url: '/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=x' });
    assert.equal(res.statusCode, 200);
  });

  it('answers an unknown page with the NHS.UK 404 page, and an unknown API path with JSON', async () => {
    const page = await app.inject({ method: 'GET', url: '/no/such/page', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Page not found/);
    assert.match(page.body, /nhsuk-header/);
    const api = await app.inject({ method: 'GET', url: '/no/such/thing', headers: { accept: 'application/json' } });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error, 'not_found');
  });

  it('answers an unexpected error with a fixed message and a reference, never its internal detail', async () => {
    const page = await app.inject({ method: 'GET', url: '/boom', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Sorry, there is a problem with the service/);
    assert.ok(page.body.includes(String(page.headers['x-request-id'])), 'the page quotes the request id as a reference');
    assert.ok(!page.body.includes('internal detail'));
    const api = await app.inject({ method: 'GET', url: '/boom', headers: { accept: 'application/json' } });
    assert.deepEqual(api.json(), { error: 'server_error', error_description: 'An unexpected error occurred' });
  });

  it('sends a CSP with a fresh nonce per request, frame-ancestors none, and a request id', async () => {
    const a = await app.inject({ method: 'GET', url: '/form' });
    const b = await app.inject({ method: 'GET', url: '/form', headers: { 'x-request-id': 'trace-abc-12345' } });
    const csp = String(a.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/);
    const nonceA = /'nonce-([^']+)'/.exec(csp)?.[1];
    const nonceB = /'nonce-([^']+)'/.exec(String(b.headers['content-security-policy']))?.[1];
    assert.ok(nonceA && nonceB && nonceA !== nonceB);
    assert.ok(a.body.includes(`nonce="${nonceA}"`), 'inline script carries the nonce');
    assert.equal(b.headers['x-request-id'], 'trace-abc-12345');
    assert.match(String(a.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(a.headers['strict-transport-security'], undefined, 'no HSTS outside production https');
  });
});

describe('HTTP server in production', () => {
  it('sends HSTS when the public URL is https', async () => {
    const config = { ...testConfig({ DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk' }), env: 'production' as const };
    const app = await createHttpServer({ config, logger: createLogger('silent') });
    app.get('/x', async () => ({ ok: true }));
    const res = await app.inject({ method: 'GET', url: '/x' });
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    await app.close();
  });
});
