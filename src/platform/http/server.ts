// The HTTP server every role runs: Fastify 5 with the security policy in one place.
// - Security headers (helmet): a CSP with per-request nonces for scripts and styles,
//   frame-ancestors 'none', HSTS when the public URL is https in production.
// - CSRF protection for every form post (double-submit secret in a signed cookie,
//   @fastify/csrf-protection). Protocol endpoints that legitimately receive cross-site
//   form posts (OAuth token endpoint, OpenID4VP direct_post) opt out with
//   `config: { csrf: false }` and authenticate by other means.
// - Request ids: an incoming X-Request-Id (when well formed) or a new UUID, carried in
//   every log line of the request and echoed in the response.
// - Forms with a file (multipart, ./uploads.ts), CSRF-checked like the rest.
// - Body size limit (413), malformed JSON (400 JSON error), unknown pages (NHS.UK 404).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fstatic from '@fastify/static';
import view from '@fastify/view';
import nunjucks from 'nunjucks';
import type { Config } from '../config.ts';
import { isHttps } from '../config.ts';
import type { Logger } from '../logger.ts';
import { registerUploads } from './uploads.ts';
import { ProtocolError, ServerError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` for protocol endpoints that must accept cross-site form posts. */
    csrf?: boolean;
    /** Which error serialiser answers for this route. Default: 'page' for GET of HTML, else by Accept. */
    surface?: 'page' | 'protocol';
  }
  interface FastifyReply {
    /** Renders an NHS.UK page with the common context (nonce, CSRF token, service name). */
    page(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

const require = createRequire(import.meta.url);
export const nhsukDist = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
/** Template roots: src/ (pages live beside their routes) and the NHS.UK frontend macros. */
export const srcRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const viewsRoot = path.join(srcRoot, 'portals', 'views');

const requestIdPattern = /^[A-Za-z0-9._-]{8,128}$/;

export interface HttpServerOptions {
  config: Config;
  logger: Logger;
}

export function createNunjucks(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([srcRoot, viewsRoot, nhsukDist], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    // Smaller pages for slow connections: drop the blank lines block tags leave behind.
    trimBlocks: true,
    lstripBlocks: true,
  });
  return env;
}

function wantsHtml(request: FastifyRequest): boolean {
  const surface = request.routeOptions.config?.surface;
  if (surface) return surface === 'page';
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function isFormPost(request: FastifyRequest): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * The app-wide CSP directives (helmet adds the per-request nonces). Exported so a route-level
 * policy (the web wallet's, src/wallet/web) starts from these and changes only what it must.
 */
export function contentSecurityDirectives(https: boolean): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    // nhsuk-frontend's CSS loads the Frutiger webfonts from assets.nhs.uk; without them the
    // system fallback fonts are used, so this is the only third-party origin allowed.
    fontSrc: ["'self'", 'https://assets.nhs.uk'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

export async function createHttpServer({ config, logger }: HttpServerOptions): Promise<FastifyInstance> {
  const production = config.env === 'production';
  const https = isHttps(config);
  const app = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: contentSecurityDirectives(https),
    },
    hsts: production && https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  await app.register(cookie, { secret: config.secrets.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: production && https ? '__Host-dsp-csrf' : 'dsp-csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure: https },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?._csrf;
      return typeof token === 'string' ? token : (req.headers['x-csrf-token'] as string | undefined);
    },
  });
  await app.register(formbody, { bodyLimit: config.http.bodyLimitBytes });
  await registerUploads(app, config.http.bodyLimitBytes);

  // Every form post carries a valid CSRF token unless the route says why it may not.
  app.addHook('preHandler', (request, reply, done) => {
    if (!isFormPost(request) || request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  await app.register(fstatic, { root: path.join(nhsukDist, 'nhsuk'), prefix: '/nhsuk/', maxAge: production ? '1d' : 0 });
  await app.register(fstatic, { root: path.join(nhsukDist, 'nhsuk', 'assets'), prefix: '/assets/', decorateReply: false, maxAge: production ? '1d' : 0 });
  await app.register(fstatic, { root: path.join(viewsRoot, 'static'), prefix: '/static/', decorateReply: false, maxAge: production ? '1h' : 0 });

  const env = createNunjucks();
  await app.register(view, { engine: { nunjucks }, templates: [srcRoot, viewsRoot, nhsukDist], options: { autoescape: true, nunjucksEnv: env } as object });

  app.decorateReply('page', function page(this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
    const nonce = this.cspNonce;
    this.code(status).type('text/html; charset=utf-8');
    void this.view(template, {
      serviceName: 'Digital Staff Passport',
      cspNonce: nonce?.script,
      csrfToken: this.generateCsrf(),
      requestId: this.request.id,
      ...context,
    });
    return this;
  });

  app.setNotFoundHandler((request, reply) => {
    if (wantsHtml(request)) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.code(404).send({ error: 'not_found', error_description: 'Not found' });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const html = wantsHtml(request);
    // Failed CSRF checks: the person's form has expired or came from another site.
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      request.log.warn({ code: error.code }, 'form post refused: CSRF token missing or invalid');
      if (html || isFormPost(request)) return reply.page('errors/forbidden.njk', { pageTitle: 'Sorry, there is a problem' }, 403);
      return reply.code(403).send({ error: 'access_denied', error_description: 'Missing or invalid CSRF token' });
    }
    if (error instanceof ProtocolError) {
      if (error.status >= 500) request.log.error({ err: error, detail: error.detail }, 'protocol error');
      else request.log.info({ code: error.code, detail: error.detail }, 'protocol error');
      return reply.code(error.status).send(error.toJSON());
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply.code(413).send({ error: 'invalid_request', error_description: 'Request body is too large' });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, unsupported media type, bad content length.
      const description =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'Malformed JSON body'
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'Unsupported content type'
            : error.validation
              ? 'Invalid request parameters'
              : 'Bad request';
      request.log.info({ code: error.code, status }, 'client error');
      if (html && request.method === 'GET') return reply.page('errors/bad-request.njk', { pageTitle: 'Sorry, there is a problem' }, status);
      return reply.code(status).send({ error: 'invalid_request', error_description: description });
    }
    request.log.error({ err: error }, 'unhandled error');
    if (html) return reply.page('errors/server-error.njk', { pageTitle: 'Sorry, there is a problem with the service' }, 500);
    return reply.code(500).send(new ServerError().toJSON());
  });

  return app;
}
