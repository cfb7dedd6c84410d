// The status check verifyCredential (../verify-credential.ts) calls, built from
// verifyCredentialStatus: fetch the list the reference names, verify it, read the entry. Any
// failure — the list cannot be fetched, does not verify, is stale, or does not cover the index —
// is `unavailable`, which verifyCredential turns into a failed `status` check: fail closed.
//
// Fetching (and caching within the list's ttl) is the caller's: the core does no I/O.
import type { CheckStatus, StatusOutcome } from '../verify-credential.ts';
import type { ResolveIssuerKey } from '../formats/verification.ts';
import { listKindOf, type StatusListKind } from './status-rules.ts';
import { verifyCredentialStatus } from './verify-credential-status.ts';

export interface StatusCheckerOptions {
  /** GETs a list document (Accept: the kind's media type, STATUS_LIST_MEDIA_TYPES) and returns the body. */
  fetchStatusList: (uri: string, kind: StatusListKind) => Promise<string | Uint8Array>;
  resolveIssuerKey: ResolveIssuerKey;
  now: Date;
  clockSkewSeconds?: number;
  minimumEntries?: number;
}

export function createStatusChecker(options: StatusCheckerOptions): CheckStatus {
  return async (reference, context): Promise<StatusOutcome> => {
    const kind = listKindOf(context.format);
    let document: string | Uint8Array;
    try {
      document = await options.fetchStatusList(reference.uri, kind);
    } catch (error) {
      return { status: 'unavailable', detail: `status list not retrieved (${error instanceof Error ? error.name : 'error'})` };
    }
    const result = await verifyCredentialStatus({
      document,
      kind,
      reference,
      issuer: context.issuer,
      resolveIssuerKey: options.resolveIssuerKey,
      now: options.now,
      ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }),
      ...(options.minimumEntries === undefined ? {} : { minimumEntries: options.minimumEntries }),
    });
    if (!result.ok) return { status: 'unavailable', detail: result.failure };
    return { status: result.status };
  };
}
