// Reads what a credential says without checking it (the checks are ../credential-request's
// verify step and the verifier's): the claims a holder matches DCQL against and shows.
// SD-JWT: the issuer JWT's claims with every Disclosure of the holder applied at the top level
// (RFC 9901 §4.2.1), which is where SD-JWT VC puts subject claims.
import { base64url, decodeJwt } from 'jose';
import type { CredentialFormat } from '../../core/credentials/index.ts';

export interface DecodedCredential {
  format: CredentialFormat;
  /** All claims: for SD-JWT the JWT's claims plus disclosed ones; for a JWT VC its payload. */
  claims: Record<string, unknown>;
  /** dc+sd-jwt: `vct`. */
  vct?: string;
  /** jwt_vc_json: `vc.type`. */
  types?: string[];
  /** jwt_vc_json: `vc` (what DCQL claim paths start from for W3C credentials). */
  vc?: Record<string, unknown>;
}

const decoder = new TextDecoder();

export function decodeCredential(format: CredentialFormat, compact: string): DecodedCredential {
  if (format === 'dc+sd-jwt') {
    const [jwt, ...disclosures] = compact.split('~');
    const claims: Record<string, unknown> = { ...decodeJwt(jwt ?? '') };
    for (const disclosure of disclosures) {
      if (disclosure === '') continue;
      const decoded: unknown = JSON.parse(decoder.decode(base64url.decode(disclosure)));
      if (Array.isArray(decoded) && decoded.length === 3 && typeof decoded[1] === 'string') claims[decoded[1]] = decoded[2];
    }
    delete claims._sd;
    delete claims._sd_alg;
    return { format, claims, ...(typeof claims.vct === 'string' ? { vct: claims.vct } : {}) };
  }
  const claims = decodeJwt(compact) as Record<string, unknown>;
  const vc = typeof claims.vc === 'object' && claims.vc !== null ? (claims.vc as Record<string, unknown>) : {};
  const types = Array.isArray(vc.type) ? vc.type.filter((t): t is string => typeof t === 'string') : [];
  return { format, claims, vc, types };
}

/** The claims a person recognises: the SD-JWT's subject claims, or `credentialSubject`. */
export function subjectClaimsOf(decoded: DecodedCredential): Record<string, unknown> {
  if (decoded.format === 'jwt_vc_json') {
    const subject = decoded.vc?.credentialSubject;
    return typeof subject === 'object' && subject !== null ? (subject as Record<string, unknown>) : {};
  }
  const registered = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'jti']);
  return Object.fromEntries(Object.entries(decoded.claims).filter(([name]) => !registered.has(name)));
}
