// Archive a credential, or restore an archived one (DOMAIN.md E10; ARCH): display only; archived
// credentials are hidden from the credentials list unless "Include archived credentials" is
// ticked. Restore brings back only a credential that was in the wallet, is not revoked and has
// not expired (credentials-shared/lifecycle.ts `restorable`).
//   GET|POST /trusts/{ods}/employer/staff-passports/{passportId}/credentials/{credentialId}/archive
//   GET|POST …/restore
//   POST: 1. the passport and credential of this trust (else 404); 2. one transaction on the
//   locked passport: state, history, audit; a second submission finds it moved and does nothing.
import type { FastifyInstance } from 'fastify';
import { TRANSITIONS } from '../../../core/passport/provided-credential.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPage } from '../auth/employer-context.ts';
import { archiveCredential, restorable, restoreCredential } from '../credentials-shared/lifecycle.ts';
import { credentialOf, credentialPath, credentialRows, credentialsPath, navCurrent, notFound } from '../credentials-shared/pages.ts';
import { fullName } from '../esr-shared/passport-esr.ts';

export function registerCredentialArchivePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  for (const mode of ['archive', 'restore'] as const) {
    const path = `/trusts/:ods/employer/staff-passports/:passportId/credentials/:credentialId/${mode}`;
    const done = mode === 'archive' ? '?done=archived' : '?done=restored';

    app.get(path, { config: { surface: 'page' } }, async (request, reply) => {
      const found = await credentialOf(request, reply);
      if (!found) return reply;
      const { ctx, passport, credential: c } = found;
      const list = credentialsPath(ctx, passport.id, mode === 'restore' ? '?archived=yes' : '');
      const allowed = mode === 'archive' ? TRANSITIONS.archive.from.includes(c.state) : await restorable(deps.database.db, scopeOf(ctx.organisation.id), c, deps.clock.now());
      if (!allowed) return reply.redirect(credentialsPath(ctx, passport.id, (mode === 'archive' ? c.state === 'archived' : c.state === 'accepted') ? done : '?done=not-allowed'), 303);
      return employerPage(reply, ctx, 'portals/employer/credential-archive/page.njk', {
        pageTitle: `${mode === 'archive' ? 'Archive' : 'Restore'} ${c.title}`,
        mode,
        name: fullName(passport),
        rows: credentialRows(c),
        action: credentialPath(ctx, passport.id, c.id, `/${mode}`),
        backHref: list,
        cancelHref: list,
        navCurrent: navCurrent(ctx),
      });
    });

    app.post(path, { config: { surface: 'page' } }, async (request, reply) => {
      const found = await credentialOf(request, reply);
      if (!found) return reply;
      const { ctx, passport, credential } = found;
      const who = { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
      const outcome = await deps.database.transaction((tx) =>
        mode === 'archive' ? archiveCredential(tx, deps, who, passport.id, credential.id) : restoreCredential(tx, deps, who, passport.id, credential.id),
      );
      if (outcome === 'not-found') return notFound(reply);
      return reply.redirect(credentialsPath(ctx, passport.id, outcome === 'not-allowed' ? '?done=not-allowed' : done), 303);
    });
  }
}
