// Reads the person's ESR records and what they offer this passport (shared by the choose and
// confirm steps of providing from ESR, E7). ESR is read outside any transaction.
import type { EsrPersonRecords } from '../../../core/esr/index.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { esrOffer, type EsrOfferLine } from '../../../jobs/provide-from-esr.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import type { EmployerContext } from '../auth/employer-context.ts';
import { GROUP_NAMES } from '../esr-shared/passport-esr.ts';

export interface EsrOfferReading {
  records: EsrPersonRecords;
  readAt: Date;
  lines: EsrOfferLine[];
}

/** Throws the ESR port's errors. The passport must be linked. */
export async function readEsrOffer(deps: EmployerPortalDeps, ctx: EmployerContext, passport: StaffPassport & { esrAssignmentNumber: string }): Promise<EsrOfferReading> {
  const records = await deps.esr.personRecords(ctx.organisation.odsCode, { assignmentNumber: passport.esrAssignmentNumber });
  const readAt = deps.clock.now();
  const existing = await providedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).versionsOf(passport.id);
  return { records, readAt, lines: esrOffer(records, existing, readAt, readAt).lines };
}

export function groupLines(lines: readonly EsrOfferLine[]): Array<{ type: string; name: string; lines: EsrOfferLine[] }> {
  const groups: Array<{ type: string; name: string; lines: EsrOfferLine[] }> = [];
  for (const type of Object.keys(GROUP_NAMES)) {
    const of = lines.filter((l) => l.type === type);
    if (of.length) groups.push({ type, name: GROUP_NAMES[type]!, lines: of });
  }
  return groups;
}

export function isLinked(p: StaffPassport): p is StaffPassport & { esrAssignmentNumber: string } {
  return p.esrLinkState === 'linked' && p.esrAssignmentNumber !== null;
}
