// A minimal OpenID4VCI 1.0 wallet for tests, over real HTTP with plain fetch: every step is a
// method, so tests can also replay, reorder or tamper with steps. A P-256 holder key by default.
import { randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { didJwkFromPublicJwk, type PublicKeyJwk } from '../../src/core/did/index.ts';

const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function answer<T = Record<string, unknown>>(response: Response): Promise<HttpAnswer<T>> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export interface ResolvedOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants: Record<string, { 'pre-authorized_code': string; tx_code?: { length: number; input_mode: string } }>;
}

export class TestWallet {
  private constructor(
    readonly publicJwk: JWK,
    private readonly privateKey: CryptoKey,
    readonly thumbprint: string,
    readonly alg: 'ES256' | 'EdDSA',
  ) {}

  static async create(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<TestWallet> {
    const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
    const publicJwk = await exportJWK(pair.publicKey);
    return new TestWallet(publicJwk, pair.privateKey, await calculateJwkThumbprint(publicJwk), alg);
  }

  /** The private key as a JWK, so a presentation test wallet can use the same key. */
  privateJwk(): Promise<JWK> {
    return exportJWK(this.privateKey);
  }

  get did(): string {
    return didJwkFromPublicJwk(this.publicJwk as PublicKeyJwk);
  }

  async resolveOffer(offerUri: string): Promise<HttpAnswer<ResolvedOffer>> {
    const url = new URL(offerUri);
    if (url.protocol !== 'openid-credential-offer:') throw new Error('not an offer URI');
    const reference = url.searchParams.get('credential_offer_uri');
    if (!reference) throw new Error('offer is not by reference');
    return answer<ResolvedOffer>(await fetch(reference));
  }

  async metadata(issuer: string): Promise<{ issuer: HttpAnswer; authorizationServer: HttpAnswer }> {
    const u = new URL(issuer);
    const [a, b] = await Promise.all([
      fetch(`${u.origin}/.well-known/openid-credential-issuer${u.pathname}`),
      fetch(`${u.origin}/.well-known/oauth-authorization-server${u.pathname}`),
    ]);
    return { issuer: await answer(a), authorizationServer: await answer(b) };
  }

  async dpopProof(method: string, url: string, accessToken?: string, overrides: { jti?: string; iat?: number } = {}): Promise<string> {
    const ath = accessToken ? Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))).toString('base64url') : undefined;
    return new SignJWT({ htm: method, htu: url, jti: overrides.jti ?? randomUUID(), ...(ath ? { ath } : {}) })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: this.alg, jwk: this.publicJwk })
      .setIssuedAt(overrides.iat ?? Math.floor(Date.now() / 1000))
      .sign(this.privateKey);
  }

  async token(tokenEndpoint: string, code: string, options: { txCode?: string; dpop?: boolean; dpopProof?: string } = {}): Promise<HttpAnswer> {
    const form = new URLSearchParams({ grant_type: PRE_AUTH, 'pre-authorized_code': code });
    if (options.txCode !== undefined) form.set('tx_code', options.txCode);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.dpopProof) headers.dpop = options.dpopProof;
    else if (options.dpop) headers.dpop = await this.dpopProof('POST', tokenEndpoint);
    return answer(await fetch(tokenEndpoint, { method: 'POST', headers, body: form }));
  }

  async nonce(nonceEndpoint: string): Promise<string> {
    const res = await answer<{ c_nonce: string }>(await fetch(nonceEndpoint, { method: 'POST' }));
    if (res.status !== 200) throw new Error(`nonce endpoint answered ${res.status}`);
    return res.body.c_nonce;
  }

  async keyProof(options: { audience: string; nonce?: string; iat?: number; keyRef?: 'jwk' | 'did:jwk'; typ?: string }): Promise<string> {
    const header =
      options.keyRef === 'did:jwk'
        ? { typ: options.typ ?? 'openid4vci-proof+jwt', alg: this.alg, kid: `${this.did}#0` }
        : { typ: options.typ ?? 'openid4vci-proof+jwt', alg: this.alg, jwk: this.publicJwk };
    return new SignJWT({ aud: options.audience, ...(options.nonce ? { nonce: options.nonce } : {}) })
      .setProtectedHeader(header)
      .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
      .sign(this.privateKey);
  }

  async credential(
    credentialEndpoint: string,
    accessToken: string,
    body: Record<string, unknown>,
    options: { dpop?: boolean } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `${options.dpop ? 'DPoP' : 'Bearer'} ${accessToken}` };
    if (options.dpop) headers.dpop = await this.dpopProof('POST', credentialEndpoint, accessToken);
    return answer(await fetch(credentialEndpoint, { method: 'POST', headers, body: JSON.stringify(body) }));
  }

  async notify(notificationEndpoint: string, accessToken: string, body: Record<string, unknown>, options: { dpop?: boolean } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `${options.dpop ? 'DPoP' : 'Bearer'} ${accessToken}` };
    if (options.dpop) headers.dpop = await this.dpopProof('POST', notificationEndpoint, accessToken);
    return answer(await fetch(notificationEndpoint, { method: 'POST', headers, body: JSON.stringify(body) }));
  }

  /**
   * The whole pre-authorized flow for every credential of an offer: offer → metadata → token →
   * (nonce → proof → credential) per configuration → notification `credential_accepted`.
   */
  async receive(offerUri: string, options: { txCode?: string; dpop?: boolean; keyRef?: 'jwk' | 'did:jwk' } = {}) {
    const offer = await this.resolveOffer(offerUri);
    if (offer.status !== 200) throw new Error(`offer answered ${offer.status}`);
    const { issuer: md, authorizationServer: as } = await this.metadata(offer.body.credential_issuer);
    const tokenEndpoint = String(as.body.token_endpoint);
    const grant = offer.body.grants[PRE_AUTH]!;
    const token = await this.token(tokenEndpoint, grant['pre-authorized_code'], { ...(options.txCode !== undefined ? { txCode: options.txCode } : {}), ...(options.dpop ? { dpop: true } : {}) });
    if (token.status !== 200) return { token, credentials: [] as { configurationId: string; answer: HttpAnswer }[] };
    const accessToken = String(token.body.access_token);
    const credentials: { configurationId: string; answer: HttpAnswer }[] = [];
    for (const configurationId of offer.body.credential_configuration_ids) {
      const nonce = await this.nonce(String(md.body.nonce_endpoint));
      const jwt = await this.keyProof({ audience: offer.body.credential_issuer, nonce, ...(options.keyRef ? { keyRef: options.keyRef } : {}) });
      const res = await this.credential(String(md.body.credential_endpoint), accessToken, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } }, { dpop: !!options.dpop });
      credentials.push({ configurationId, answer: res });
      if (res.status === 200) {
        await this.notify(String(md.body.notification_endpoint), accessToken, { notification_id: res.body.notification_id, event: 'credential_accepted' }, { dpop: !!options.dpop });
      }
    }
    return { token, accessToken, credentials, metadata: md.body };
  }
}
