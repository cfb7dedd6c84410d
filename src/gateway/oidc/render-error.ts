// The page a browser sees when the gateway cannot redirect an error back to the client (an
// unknown client, a redirect_uri that is not registered, a request_uri used twice): RFC 6749
// §4.1.2.1 forbids redirecting to an unverified URI, so the person gets an NHS.UK page with the
// error code to quote. Descriptions come from oidc-provider (no personal data) and are escaped.
import type { ParameterizedContext } from 'koa';
import { createNunjucks } from '../../platform/http/server.ts';

const env = createNunjucks();

export function renderErrorPage(ctx: ParameterizedContext, status: number, out: { error?: string; error_description?: string }): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('cache-control', 'no-store');
  ctx.body = env.render('gateway/oidc/error.njk', {
    serviceName: 'Digital Staff Passport',
    pageTitle: 'Sorry, there is a problem',
    error: out.error ?? 'server_error',
    description: out.error_description,
  });
}

export function renderProviderError(ctx: ParameterizedContext, out: { error?: string; error_description?: string }, error: unknown): void {
  const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 400;
  renderErrorPage(ctx, status, out);
}
