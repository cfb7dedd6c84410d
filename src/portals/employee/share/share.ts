// Shared by the S6 pages (DOMAIN.md §4.2 S6, sharing credentials with a trust): their URLs, the
// credential types a person can choose to share (the catalogue's, grouped as the portals group
// them, DOMAIN.md §5.1), and what the pages keep in the session's journey between steps (parsed
// when read back, STYLE.md rule 10): the ticked types, so "Back" and "go back and untick the
// credential your wallet does not have" (S6.2) find them ticked, and the share just made, for the
// confirmation page.
import { z } from 'zod';
import { CREDENTIAL_GROUPS, CREDENTIAL_TYPES, getCredentialType, isCredentialTypeId, type CredentialGroup, type CredentialTypeId } from '../../../core/credentials/catalogue.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { Db } from '../../../store/database.ts';
import { employeeSessions } from '../../../store/employee-sessions.ts';
import { scopeOf } from '../../../store/scope.ts';
import { employeePath, type EmployeeContext } from '../auth/employee-context.ts';

/** The wallet session's purpose: the wallet-session page words `wrong_wallet` for it (messages.ts). */
export const SHARE_PURPOSE = 'employee-share';

type Org = Pick<Organisation, 'odsCode'>;

export const sharePaths = {
  credentials: (o: Org) => employeePath(o, '/credentials'),
  choose: (o: Org) => employeePath(o, '/credentials/share'),
  check: (o: Org) => employeePath(o, '/credentials/share/check'),
  handBack: (o: Org) => employeePath(o, '/credentials/share/shared'),
  done: (o: Org) => employeePath(o, '/credentials/share/done'),
  organisation: (o: Org) => employeePath(o, '/credentials/share/organisation'),
  access: (o: Org, other: Org) => employeePath(o, `/credentials/share/organisation/${encodeURIComponent(other.odsCode)}`),
  noAccess: (o: Org, other: Org) => employeePath(o, `/credentials/share/organisation/${encodeURIComponent(other.odsCode)}/no-access`),
};

/**
 * What a person can share: every catalogue type but the access key (it signs in to one trust and
 * is no evidence of anything to another; S6 lists "all credentials"), in the catalogue's order.
 */
export const SHAREABLE_TYPES: readonly CredentialTypeId[] = CREDENTIAL_TYPES.map((t) => t.id).filter((id) => id !== 'AccessKey');

export const isShareable = (type: unknown): type is CredentialTypeId => isCredentialTypeId(type) && SHAREABLE_TYPES.includes(type);

export const shareableName = (type: CredentialTypeId): string => getCredentialType(type).display.name;

/** The shareable types by the portal groups (DOMAIN.md §5.1), in their order; empty groups left out. */
export function shareableGroups(): { group: CredentialGroup; types: CredentialTypeId[] }[] {
  return CREDENTIAL_GROUPS.map((group) => ({ group, types: SHAREABLE_TYPES.filter((t) => getCredentialType(t).display.group === group) })).filter((g) => g.types.length > 0);
}

const zShareJourney = z.object({
  credentialShare: z
    .object({ types: z.array(z.string()).max(SHAREABLE_TYPES.length).transform((ts) => ts.filter(isShareable)) })
    .nullable()
    .optional()
    .catch(undefined),
  credentialShareDone: z
    .object({ walletSession: z.uuid(), titles: z.array(z.string().max(200)).max(50) })
    .nullable()
    .optional()
    .catch(undefined),
});
export type ShareJourney = z.input<typeof zShareJourney>;

export function shareJourney(ctx: Pick<EmployeeContext, 'session'>): z.infer<typeof zShareJourney> {
  return zShareJourney.parse(ctx.session.journey);
}

/** Merges `patch` into this session's journey (in `db`, which may be the caller's transaction). */
export async function updateShareJourney(db: Db, ctx: Pick<EmployeeContext, 'organisation' | 'session'>, patch: ShareJourney): Promise<void> {
  await employeeSessions(db, scopeOf(ctx.organisation.id)).updateJourney(ctx.session.id, patch);
}
