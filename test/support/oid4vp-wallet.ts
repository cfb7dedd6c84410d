// A test wallet for OpenID4VP 1.0, written from the specs and independent libraries rather than
// from the verifier's code: it fetches the Request Object by reference (GET, or POST with a
// `wallet_nonce`, §5.10), checks its signature against the organisation's DID document fetched
// over HTTP (§5.9.3 decentralized_identifier: the kid must be a verification method of the DID,
// under `authentication` or `assertionMethod`), matches the DCQL query with the `dcql` package,
// presents with the holder key (SD-JWT+KB-JWT, or a VP JWT wrapping a jwt_vc_json credential),
// and posts `direct_post` or `direct_post.jwt` (ECDH-ES, jose's CompactEncrypt).
// Knobs let tests send what a hostile wallet would (wrong nonce or audience, a replay).
import { randomBytes } from 'node:crypto';
import { CompactEncrypt, SignJWT, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { DcqlQuery } from 'dcql';
import { createLocalSigner, createSdJwtVcPresentation, type CredentialFormat, type SigningAlgorithm } from '../../src/core/credentials/index.ts';

export interface WalletCredential {
  format: CredentialFormat;
  credential: string;
}

export interface PresentOptions {
  method?: 'get' | 'post';
  /** Encryption for direct_post.jwt (default A128GCM). */
  enc?: 'A128GCM' | 'A256GCM';
  nonce?: string;
  audience?: string;
  /** Answer with an error instead (§8.5). */
  error?: string;
  /** Only present these query ids (default: what DCQL selects). */
  only?: string[];
}

export interface PresentResult {
  status: number;
  body: Record<string, unknown>;
  /** The verified Request Object claims. */
  request: Record<string, unknown>;
  /** Posts the same response again (a replay). */
  replay(): Promise<{ status: number; body: Record<string, unknown> }>;
}

function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const host = parts.shift()!;
  const scheme = /^(localhost|127\.0\.0\.1)(:|$)/.test(host) ? 'http' : 'https';
  return `${scheme}://${host}/${parts.length ? parts.join('/') : '.well-known'}/did.json`;
}

export function createTestWallet(input: { holder: { privateJwk: JWK; alg: SigningAlgorithm }; credentials: WalletCredential[] }) {
  const holderSigner = createLocalSigner(input.holder.privateJwk, input.holder.alg);

  async function fetchRequest(walletUri: string, method: 'get' | 'post') {
    const uri = new URL(walletUri);
    if (uri.protocol !== 'openid4vp:') throw new Error('not an openid4vp URI');
    const clientId = uri.searchParams.get('client_id')!;
    const requestUri = uri.searchParams.get('request_uri')!;
    const walletNonce = method === 'post' ? randomBytes(16).toString('base64url') : undefined;
    const response =
      method === 'post'
        ? await fetch(requestUri, {
            method: 'POST',
            headers: { accept: 'application/oauth-authz-req+jwt', 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ wallet_nonce: walletNonce!, wallet_metadata: JSON.stringify({ vp_formats_supported: {} }) }),
          })
        : await fetch(requestUri, { headers: { accept: 'application/oauth-authz-req+jwt' } });
    if (response.status !== 200) throw Object.assign(new Error(`request_uri answered ${response.status}`), { status: response.status, body: await response.text() });
    if (response.headers.get('content-type')?.split(';')[0] !== 'application/oauth-authz-req+jwt') throw new Error('Request Object media type');
    const jar = await response.text();

    // §5.9.3: the client_id's DID signs the Request Object; the kid is one of its verification methods.
    if (!clientId.startsWith('decentralized_identifier:')) throw new Error('unexpected client id prefix');
    const did = clientId.slice('decentralized_identifier:'.length);
    const header = decodeProtectedHeader(jar);
    if (header.typ !== 'oauth-authz-req+jwt') throw new Error('Request Object typ');
    if (typeof header.kid !== 'string' || !header.kid.startsWith(`${did}#`)) throw new Error('Request Object kid is not of the client DID');
    const didDocument = (await (await fetch(didWebUrl(did))).json()) as {
      id: string;
      verificationMethod: { id: string; publicKeyJwk: JWK }[];
      authentication?: string[];
      assertionMethod?: string[];
    };
    if (didDocument.id !== did) throw new Error('DID document id');
    const method_ = didDocument.verificationMethod.find((m) => m.id === header.kid);
    if (!method_) throw new Error('kid not in the DID document');
    if (!didDocument.authentication?.includes(header.kid) && !didDocument.assertionMethod?.includes(header.kid)) throw new Error('kid not under authentication/assertionMethod');
    const { payload } = await jwtVerify(jar, await importJWK(method_.publicKeyJwk, header.alg), { typ: 'oauth-authz-req+jwt', algorithms: ['ES256', 'EdDSA'] });
    if (payload.client_id !== clientId) throw new Error('client_id differs from the URI');
    if (walletNonce !== undefined && payload.wallet_nonce !== walletNonce) throw new Error('wallet_nonce not echoed');
    return { clientId, request: payload as Record<string, unknown> };
  }

  async function present(walletUri: string, options: PresentOptions = {}): Promise<PresentResult> {
    const { clientId, request } = await fetchRequest(walletUri, options.method ?? 'get');
    const state = request.state as string;
    let answer: Record<string, unknown>;
    if (options.error) {
      answer = { error: options.error, error_description: 'test wallet', state };
    } else {
      // DCQL (§6): the dcql package selects which credentials answer which query.
      const query = DcqlQuery.parse(request.dcql_query as never);
      DcqlQuery.validate(query);
      const records = input.credentials.map((c) => {
        if (c.format === 'dc+sd-jwt') {
          const [jwt, ...disclosures] = c.credential.split('~').filter(Boolean);
          const claims: Record<string, unknown> = { ...(decodeJwt(jwt!) as Record<string, unknown>) };
          for (const d of disclosures) {
            const decoded = JSON.parse(Buffer.from(d, 'base64url').toString()) as unknown[];
            if (decoded.length === 3) claims[decoded[1] as string] = decoded[2];
          }
          return { credential_format: 'dc+sd-jwt' as const, vct: claims.vct as string, claims: claims as never, cryptographic_holder_binding: true };
        }
        const vc = (decodeJwt(c.credential) as { vc: Record<string, unknown> & { type: string[] } }).vc;
        return { credential_format: 'jwt_vc_json' as const, type: vc.type, claims: vc as never, cryptographic_holder_binding: true };
      });
      const match = DcqlQuery.query(query, records);
      const vpToken: Record<string, string[]> = {};
      const now = new Date();
      const nonce = options.nonce ?? (request.nonce as string);
      const audience = options.audience ?? clientId;
      for (const [queryId, result] of Object.entries(match.credential_matches)) {
        if (!result.success || (options.only && !options.only.includes(queryId))) continue;
        const chosen = input.credentials[result.valid_credentials[0].input_credential_index]!;
        const credentialQuery = query.credentials.find((q) => q.id === queryId)!;
        if (chosen.format === 'dc+sd-jwt') {
          const disclose = (credentialQuery.claims ?? []).map((c) => ('path' in c ? String(c.path[0]) : ''));
          vpToken[queryId] = [await createSdJwtVcPresentation({ credential: chosen.credential, disclose, keyBinding: { audience, nonce, issuedAt: now }, holderSigner })];
        } else {
          const vp = await new SignJWT({ nonce, vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [chosen.credential] } })
            .setProtectedHeader({ alg: input.holder.alg, typ: 'JWT' })
            .setAudience(audience)
            .setIssuedAt(Math.floor(now.getTime() / 1000))
            .sign(await importJWK(input.holder.privateJwk, input.holder.alg));
          vpToken[queryId] = [vp];
        }
      }
      answer = { vp_token: vpToken, state };
    }

    // §8.2 / §8.3: post to the response_uri, encrypted when asked.
    let form: URLSearchParams;
    if (request.response_mode === 'direct_post.jwt') {
      const jwks = (request.client_metadata as { jwks: { keys: (JWK & { kid: string; alg: string })[] } }).jwks;
      const key = jwks.keys[0]!;
      const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(answer)))
        .setProtectedHeader({ alg: key.alg, enc: options.enc ?? 'A128GCM', kid: key.kid })
        .encrypt(await importJWK(key, key.alg));
      form = new URLSearchParams({ response: jwe });
    } else {
      form = new URLSearchParams(Object.entries(answer).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    }
    const post = async () => {
      const response = await fetch(request.response_uri as string, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const first = await post();
    return { ...first, request, replay: post };
  }

  return { present, fetchRequest };
}
