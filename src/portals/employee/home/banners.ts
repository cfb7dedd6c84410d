// S3: "Yellow banners show actions" — what waits for the signed-in person, in one list the home
// page (and any page that wants them) shows. Each entry is one count query, scoped to the trust.
import type { EmployeeContext } from '../auth/employee-context.ts';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { employeePath } from '../auth/employee-context.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';

export interface Banner {
  heading: string;
  text: string;
  href: string;
  linkText: string;
}

export async function homeBanners(deps: Pick<EmployeePortalDeps, 'database'>, ctx: Pick<EmployeeContext, 'organisation' | 'passport'>): Promise<Banner[]> {
  const store = providedCredentials(deps.database.db, scopeOf(ctx.organisation.id));
  const held = await store.listForPassport(ctx.passport.id);
  const pending = held.filter((c) => c.state === 'pending').length;
  const revoked = held.filter((c) => c.state === 'revoked').length;
  const banners: Banner[] = [];
  if (pending > 0) {
    banners.push({
      heading: 'Review and add credentials to your wallet',
      text: pending === 1 ? `${ctx.organisation.name} has provided 1 new credential.` : `${ctx.organisation.name} has provided ${pending} new credentials.`,
      href: employeePath(ctx.organisation, '/credentials'),
      linkText: 'Review and add',
    });
  }
  if (revoked > 0) {
    banners.push({
      heading: revoked === 1 ? 'A credential has been revoked' : 'Credentials have been revoked',
      text: 'You can no longer share a revoked credential. Delete it from your wallet.',
      href: employeePath(ctx.organisation, '/credentials'),
      linkText: 'View revoked credentials',
    });
  }
  return banners;
}
