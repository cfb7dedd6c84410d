// The gateway's ID token signing keys (docs/architecture.md D30): ES256 (the default) and RS256
// (for clients registered with it). oidc-provider signs in process, so unlike organisation keys
// (which never leave the key-management custody) these private JWKs are opened at start; at rest
// they are sealed by the key-management port, bound to their kid.
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Db } from '../../store/database.ts';
import { insertOidcSigningKey, listOidcSigningKeys, type OidcSigningAlg } from '../../store/oidc-signing-keys.ts';

const ALGS: readonly OidcSigningAlg[] = ['ES256', 'RS256'];

const sealContext = (kid: string) => `oidc-signing-key:${kid}`;

async function newKey(alg: OidcSigningAlg): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const pair = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = pair.privateKey.export({ format: 'jwk' }) as JWK;
  const publicJwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk: { ...publicJwk, kid, alg, use: 'sig' }, privateJwk: { ...privateJwk, kid, alg, use: 'sig' } };
}

/** The active private signing JWKs, ES256 first, creating any that are missing (once across replicas). */
export async function gatewaySigningKeys(db: Db, keys: KeyManagement<Db>): Promise<JWK[]> {
  let rows = await listOidcSigningKeys(db);
  for (const alg of ALGS) {
    if (rows.some((r) => r.alg === alg && r.state === 'active')) continue;
    const key = await newKey(alg);
    await insertOidcSigningKey(db, {
      kid: key.kid,
      alg,
      publicJwk: key.publicJwk as Record<string, unknown>,
      sealedPrivateJwk: await keys.seal(JSON.stringify(key.privateJwk), sealContext(key.kid)),
    });
  }
  rows = await listOidcSigningKeys(db);
  const active = ALGS.map((alg) => rows.find((r) => r.alg === alg && r.state === 'active')!);
  return Promise.all(active.map(async (row) => JSON.parse(Buffer.from(await keys.open(row.sealedPrivateJwk, sealContext(row.kid))).toString('utf8')) as JWK));
}
