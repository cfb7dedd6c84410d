// A pushed request_uri opens one authorization, once (RFC 9126 §4: "single use"; docs/
// architecture.md §5: a second /authorize with it is refused even before any code is issued).
// oidc-provider consumes the PAR record only when the code is issued, so a second browser
// could otherwise start a parallel interaction with the same request_uri meanwhile. The first
// /authorize records the request_uri as opened (one insert that conflicts for everyone after).
import type { Middleware } from 'koa';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { oidcPayloadStore } from '../../store/oidc-payloads.ts';
import { renderErrorPage } from './render-error.ts';

const PAR_URN = 'urn:ietf:params:oauth:request_uri:';

export function singleUseRequestUri(db: Db, clock: Clock, parTtlSeconds: number): Middleware {
  const opened = oidcPayloadStore(db, 'PushedAuthorizationRequestOpened');
  return async (ctx, next) => {
    const requestUri = ctx.method === 'GET' && ctx.path === '/authorize' ? ctx.query.request_uri : undefined;
    if (typeof requestUri === 'string' && requestUri.startsWith(PAR_URN)) {
      const id = requestUri.slice(PAR_URN.length);
      const first = await opened.claim(id, new Date(clock.now().getTime() + parTtlSeconds * 1000 * 2));
      if (!first) {
        renderErrorPage(ctx, 400, { error: 'invalid_request_uri', error_description: 'request_uri is invalid, expired, or was already used' });
        return;
      }
    }
    await next();
  };
}
