// The download journey as an explicit state machine (STYLE.md): from a training record to the
// person's wallet, in the order the direct-to-wallet standard asks for —
//   already downloaded?  → prompt to delete the old copy from the wallet first (D2W step 5.3)
//   identity not checked in this session → check it through the gateway (D2W step 6)
//   then show exactly what will be downloaded and ask to confirm (D2W step 5.4)
//   then issue through the gateway (D2W step 7)
// Every page of the journey asks `nextStep` where the person should be and redirects there when
// it is not itself, so a page requested out of order is never shown. Pure.
import type { Account, Download, TrainingRecord } from './state.ts';

export type RecordStatus =
  | { kind: 'not-downloaded' }
  | { kind: 'downloaded'; download: Download }
  | { kind: 'revoked'; download: Download };

/** A record's status from its latest download. */
export function recordStatus(record: TrainingRecord, downloads: readonly Download[]): RecordStatus {
  const latest = downloads.filter((d) => d.recordId === record.id).sort((a, b) => b.downloadedAt.localeCompare(a.downloadedAt))[0];
  if (!latest) return { kind: 'not-downloaded' };
  return latest.revokedAt ? { kind: 'revoked', download: latest } : { kind: 'downloaded', download: latest };
}

/** `today` as YYYY-MM-DD: a record is current through its expiry date. */
export function isExpired(record: TrainingRecord, today: string): boolean {
  return record.expiresOn < today;
}

/**
 * Whether the portal offers this record for download at all: only where the Digital Staff
 * Passport applies to the person (D2W step 5.2), while the training is current, and not once
 * the academy has revoked it.
 */
export function mayDownload(account: Account, record: TrainingRecord, status: RecordStatus, today: string): boolean {
  return account.dspApplies && record.accountId === account.id && !isExpired(record, today) && status.kind !== 'revoked';
}

export type DownloadStep = 'already-downloaded' | 'check-identity' | 'check';

export function nextStep(input: { status: RecordStatus; oldCopyDeleted: boolean; identityChecked: boolean }): DownloadStep {
  if (input.status.kind === 'downloaded' && !input.oldCopyDeleted) return 'already-downloaded';
  if (!input.identityChecked) return 'check-identity';
  return 'check';
}
