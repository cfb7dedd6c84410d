// oidc-provider's storage adapter (its 7-method interface) on PostgreSQL / PGlite, so every
// replica sees the same sessions, interactions, grants, codes and PAR requests
// (DEPENDENCIES.md: the default in-memory adapter is for development only).
//
// - Expiry is judged with the injected clock (tests move time; every replica agrees with the
//   database's notion of "expired" because they share it).
// - `consume` is one conditional UPDATE: if the row was already consumed, it throws
//   invalid_grant, so two token requests racing with one authorization code cannot both win
//   (RFC 6749 §4.1.2: a code is used once; oidc-provider's own check is read-then-write).
// - `Client` is read from oidc_clients (registered with `dsp client add`), never written here.
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { oidcPayloadStore, revokeOidcGrant } from '../../store/oidc-payloads.ts';
import type { OidcClientRecord } from '../../store/oidc-clients.ts';
import { findOidcClient } from '../../store/oidc-clients.ts';

export interface AdapterDeps {
  db: Db;
  clock: Clock;
  /** The client's oidc-provider metadata (./clients.ts). */
  clientMetadata(record: OidcClientRecord): Promise<AdapterPayload | undefined>;
}

export function createAdapterFactory(deps: AdapterDeps): (name: string) => Adapter {
  return (name: string) => (name === 'Client' ? clientAdapter(deps) : payloadAdapter(deps, name));
}

function payloadAdapter({ db, clock }: AdapterDeps, model: string): Adapter {
  const store = oidcPayloadStore(db, model);
  const withConsumed = (found: { payload: Record<string, unknown>; consumedAt: Date | null } | undefined): AdapterPayload | undefined =>
    found ? ({ ...found.payload, ...(found.consumedAt ? { consumed: Math.floor(found.consumedAt.getTime() / 1000) } : {}) } as AdapterPayload) : undefined;
  return {
    async upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      await store.upsert(id, payload as Record<string, unknown>, expiresAt);
    },
    async find(id) {
      return withConsumed(await store.find(id, clock.now()));
    },
    async findByUid(uid) {
      return withConsumed(await store.findBy('uid', uid, clock.now()));
    },
    async findByUserCode(userCode) {
      return withConsumed(await store.findBy('userCode', userCode, clock.now()));
    },
    async consume(id) {
      if (await store.consume(id, clock.now())) return;
      // A request_uri used twice is refused at the authorization endpoint (RFC 9126 §4).
      if (model === 'PushedAuthorizationRequest') throw new errors.InvalidRequestUri('request_uri is invalid, expired, or was already used');
      throw new errors.InvalidGrant(`${model} already used`);
    },
    async destroy(id) {
      await store.destroy(id);
    },
    async revokeByGrantId(grantId) {
      await revokeOidcGrant(db, grantId);
    },
  };
}

function clientAdapter(deps: AdapterDeps): Adapter {
  const readOnly = async () => {
    throw new Error('clients are registered with `dsp client add`, not through the provider');
  };
  return {
    async find(id) {
      const record = await findOidcClient(deps.db, id);
      if (!record || record.disabledAt) return undefined;
      return deps.clientMetadata(record);
    },
    upsert: readOnly,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: async () => undefined,
  };
}
