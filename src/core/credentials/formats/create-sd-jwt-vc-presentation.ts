// The holder's side of an SD-JWT VC presentation (RFC 9901 §4.2, §4.3): keep only the
// Disclosures of the claims the holder chose, and append a KB-JWT {iat, aud, nonce, sd_hash}
// signed with the wallet key the credential is bound to. @sd-jwt/sd-jwt-vc selects the
// Disclosures and builds the KB-JWT; the key stays behind the Signer seam (./signer.ts).
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { numericDate } from './verification.ts';
import { toSdJwtSigner, type Signer } from './signer.ts';

export interface SdJwtVcPresentationRequest {
  /** The credential as issued (all Disclosures). */
  credential: string;
  /**
   * What to disclose: a top-level claim name discloses the claim whole (for a list, every
   * element); `name.i` discloses the list `name` with only its element `i`.
   */
  disclose: readonly string[];
  /** The verifier (audience), its nonce, and now from the caller's clock. */
  keyBinding: { audience: string; nonce: string; issuedAt: Date };
  /** The wallet key the credential's `cnf.jwk` names. */
  holderSigner: Signer;
}

export type PresentationErrorCode = 'unknown_claim' | 'invalid_credential';

export class CredentialPresentationError extends Error {
  override readonly name = 'CredentialPresentationError';
  constructor(
    readonly code: PresentationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ELEMENT_RE = /^([^.]+)\.([0-9]+)$/;

export async function createSdJwtVcPresentation(request: SdJwtVcPresentationRequest): Promise<string> {
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    kbSigner: toSdJwtSigner(request.holderSigner),
    kbSignAlg: request.holderSigner.alg,
  });
  let presentable: string[];
  let claims: Record<string, unknown>;
  try {
    presentable = await sdjwt.presentableKeys(request.credential);
    claims = (await sdjwt.getClaims(request.credential)) as Record<string, unknown>;
  } catch {
    throw new CredentialPresentationError('invalid_credential', 'not an SD-JWT');
  }

  // Presentation frame (@sd-jwt/present): `true` discloses a claim; an object discloses the
  // claim and, inside it, the elements marked `true`.
  const frame: Record<string, unknown> = {};
  for (const entry of request.disclose) {
    const element = ELEMENT_RE.exec(entry);
    const name = element ? (element[1] as string) : entry;
    if (!presentable.includes(name) || (element && !presentable.includes(entry))) {
      throw new CredentialPresentationError('unknown_claim', `the credential has no disclosable claim ${entry}`);
    }
    const value = claims[name];
    if (element) {
      const existing = frame[name];
      frame[name] = { ...(typeof existing === 'object' && existing !== null ? existing : {}), [element[2] as string]: true };
    } else if (Array.isArray(value)) {
      frame[name] = Object.fromEntries(value.map((_, i) => [String(i), true]).filter(([i]) => presentable.includes(`${name}.${String(i)}`)));
      if (Object.keys(frame[name] as object).length === 0) frame[name] = true;
    } else {
      frame[name] = true;
    }
  }

  return sdjwt.present(request.credential, frame as never, {
    kb: { payload: { iat: numericDate(request.keyBinding.issuedAt), aud: request.keyBinding.audience, nonce: request.keyBinding.nonce } },
  });
}
