// The claims a finished interaction established (verified credentials, or the credentials just
// issued), kept with the grant so the token endpoint's findAccount can put them in the ID
// token, whichever replica answers. They live only as long as the grant.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { oidcPayloadStore } from '../../store/oidc-payloads.ts';
import type { GatewayClaims } from '../../core/oidc/index.ts';

export function grantClaimsStore(db: Db, clock: Clock) {
  const store = oidcPayloadStore(db, 'DspGrantClaims');
  return {
    async put(grantId: string, claims: GatewayClaims, ttlSeconds: number): Promise<void> {
      await store.upsert(grantId, { ...claims, grantId }, new Date(clock.now().getTime() + ttlSeconds * 1000));
    },
    async get(grantId: string): Promise<GatewayClaims | undefined> {
      const found = await store.find(grantId, clock.now());
      if (!found) return undefined;
      const { grantId: _grantId, ...claims } = found.payload;
      return typeof claims.sub === 'string' ? (claims as GatewayClaims) : undefined;
    },
  };
}
