// The SD-JWT layer of verification (RFC 9901 §7.1 and §7.3), format-neutral: the SD-JWT VC
// verifier (./verify-sd-jwt-vc.ts) builds on it, and the RFC's own examples are checked
// through it (verify-sd-jwt.test.ts).
//
// Division of labour: jose parses the two JWTs; ./jws.ts checks both signatures (issuer JWT
// and KB-JWT) with node:crypto under jose's rules; @sd-jwt/decode splits the serialisation.
// Disclosures are decoded, hashed and applied to the payload here, in the one walk that also
// makes the checks RFC 9901 requires and @sd-jwt 0.19 does not: it silently drops a Disclosure
// that no digest references (so a *changed* Disclosure would vanish instead of failing), and
// it checks neither duplicate digests, nor claim-name clashes, nor the KB-JWT's `aud`, `iat` and
// `sd_hash` against the presented string. Its own `verify` also reads the wall clock when no
// date is passed and fetches status lists over the network, which the core must not do.
//
// Why the processed payload is built here rather than by @sd-jwt's getClaims/unpack, as
// before: those hashed every Disclosure again (twice), through async callbacks and a
// pure-JavaScript base64, and deep-copied the payload through JSON; together they cost more
// than the signature check (bench/, `npm run bench`). The result is the same: the RFC's §5.2
// processed payload is a test vector (verify-sd-jwt.test.ts).
import { hash } from 'node:crypto';
import { splitSdJwt } from '@sd-jwt/decode';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { verifyCompactJws } from './jws.ts';
import type { SigningAlgorithm } from './signer.ts';
import {
  CheckRecorder,
  DEFAULT_CLOCK_SKEW_SECONDS,
  checkAlgorithm,
  checkValidity,
  isNumericDate,
  isObject,
  keyFitsAlgorithm,
  readHolderKey,
  type CheckName,
  type CheckResult,
  type Failure,
  type JsonObject,
} from './verification.ts';

/** What the verifier expects of the holder's proof of possession (RFC 9901 §4.3, §7.3). */
export interface KeyBindingExpectation {
  /** The verifier's identifier the KB-JWT must be addressed to (OID4VP: the full client_id). */
  audience: string;
  /** The fresh nonce of this presentation request. */
  nonce: string;
  /** How old a KB-JWT may be (default 300 s). */
  maxAgeSeconds?: number;
}

export interface SdJwtVerifyInput {
  /** The `typ` header value the Issuer-signed JWT must carry (RFC 9901 §9.11 explicit typing). */
  expectedTyp: string;
  now: Date;
  clockSkewSeconds?: number;
  /** Finds the issuer key for the (unverified) header and payload, or says why not. */
  resolveKey: (header: JsonObject, payload: JsonObject) => Promise<{ jwk: JWK } | { failure: Failure }>;
  /** Require and check a KB-JWT; omit to accept an SD-JWT without one (e.g. a wallet checking what it received). */
  keyBinding?: KeyBindingExpectation;
}

export interface SdJwtContents {
  header: JsonObject;
  /** The Issuer-signed JWT payload as signed (digests, not values). */
  signedPayload: JsonObject;
  /** The Processed SD-JWT Payload (RFC 9901 §7.1 step 5): disclosed values in place, digests removed. */
  claims: JsonObject;
  /** Paths of the disclosed claims, e.g. `given_name`, `nationalities.0`. */
  disclosedPaths: string[];
  holderJwk?: JWK;
  keyBinding?: { audience: string; nonce: string; issuedAt: Date };
}

const DEFAULT_KB_MAX_AGE_SECONDS = 300;
const SD_HASH_ALG = 'sha-256';

/** base64url(SHA-256(text)): Disclosure digests (RFC 9901 §4.2.3) and `sd_hash` (§4.3.1). */
const sha256b64url = (text: string): string => hash('sha256', text, 'base64url');

/** A decoded Disclosure: `[salt, name, value]` for an object property, `[salt, value]` for an array element. */
interface Disclosure {
  salt: string;
  /** Absent for an array element; for a property, whatever the Disclosure holds (checked where used). */
  key?: unknown;
  value: unknown;
}

/** RFC 9901 §7.1 step 3: decode each Disclosure and index it by its digest (of the string as sent). */
function decodeDisclosures(encoded: readonly string[]): Map<string, Disclosure> | Failure {
  const byDigest = new Map<string, Disclosure>();
  for (const e of encoded) {
    let item: unknown;
    try {
      item = JSON.parse(Buffer.from(e, 'base64url').toString('utf8'));
    } catch {
      return { reason: 'disclosure_malformed' };
    }
    if (!Array.isArray(item) || (item.length !== 2 && item.length !== 3)) return { reason: 'disclosure_malformed' };
    if (typeof item[0] !== 'string') return { reason: 'disclosure_malformed', detail: 'salt is not a string' };
    const disclosure: Disclosure = item.length === 3 ? { salt: item[0], key: item[1], value: item[2] } : { salt: item[0], value: item[1] };
    const digest = sha256b64url(e);
    if (byDigest.has(digest)) return { reason: 'disclosure_duplicated' };
    byDigest.set(digest, disclosure);
  }
  return byDigest;
}

/** Sets a claim as an own property even when it is named `__proto__` (JSON.parse makes such own properties too). */
function setClaim(target: JsonObject, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/**
 * RFC 9901 §7.1 steps 3–5 over the signed payload, in one walk: each digest appears once, each
 * Disclosure is referenced exactly once and in the right place (name/value pairs from `_sd`,
 * array elements from `{"...": digest}`), no disclosed name clashes with a plain claim or is
 * `_sd` / `...`; and the Processed SD-JWT Payload is built: disclosed values in place, `_sd`,
 * undisclosed array elements and `_sd_alg` removed. Within an object the plain claims come
 * first, then the disclosed ones in `_sd` order; `disclosedPaths` names each disclosed claim
 * (`address`, `nationalities.1`), counting array positions as signed.
 */
function processDisclosures(payload: JsonObject, byDigest: Map<string, Disclosure>): { claims: JsonObject; disclosedPaths: string[] } | Failure {
  const seen = new Set<string>();
  const used = new Set<string>();
  const disclosedPaths: string[] = [];
  let failure: Failure | undefined;
  const fail = (f: Failure): undefined => {
    failure = f;
    return undefined;
  };
  const pathOf = (prefix: string, name: string | number) => (prefix === '' ? String(name) : `${prefix}.${name}`);

  const visit = (node: unknown, path: string): unknown => {
    if (failure) return undefined;
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const [index, element] of node.entries()) {
        if (isObject(element) && Object.keys(element).length === 1 && '...' in element) {
          const d = element['...'];
          if (typeof d !== 'string') return fail({ reason: 'disclosure_malformed', detail: 'array digest is not a string' });
          if (seen.has(d)) return fail({ reason: 'digest_duplicated' });
          seen.add(d);
          const disclosure = byDigest.get(d);
          if (!disclosure) continue; // undisclosed element (or a decoy): removed
          if (disclosure.key !== undefined) return fail({ reason: 'disclosure_malformed', detail: 'name/value Disclosure used as an array element' });
          used.add(d);
          disclosedPaths.push(pathOf(path, index));
          out.push(visit(disclosure.value, pathOf(path, index)));
        } else {
          out.push(visit(element, pathOf(path, index)));
        }
        if (failure) return undefined;
      }
      return out;
    }
    if (!isObject(node)) return node;
    const disclosed: [string, unknown][] = [];
    const sd = node._sd;
    if (sd !== undefined) {
      if (!Array.isArray(sd)) return fail({ reason: 'disclosure_malformed', detail: '_sd is not an array' });
      for (const d of sd) {
        if (typeof d !== 'string') return fail({ reason: 'disclosure_malformed', detail: '_sd digest is not a string' });
        if (seen.has(d)) return fail({ reason: 'digest_duplicated' });
        seen.add(d);
        const disclosure = byDigest.get(d);
        if (!disclosure) continue;
        const name = disclosure.key;
        if (typeof name !== 'string') return fail({ reason: 'disclosure_malformed', detail: 'array Disclosure used as a claim' });
        if (name === '_sd' || name === '...') return fail({ reason: 'disclosure_malformed', detail: `claim name ${name}` });
        if (name in node) return fail({ reason: 'disclosure_claim_clash', detail: name });
        used.add(d);
        disclosedPaths.push(pathOf(path, name));
        disclosed.push([name, visit(disclosure.value, pathOf(path, name))]);
        if (failure) return undefined;
      }
    }
    const out: JsonObject = {};
    for (const [name, value] of Object.entries(node)) {
      if (name === '_sd' || (path === '' && name === '_sd_alg')) continue;
      setClaim(out, name, visit(value, pathOf(path, name)));
      if (failure) return undefined;
    }
    for (const [name, value] of disclosed) setClaim(out, name, value);
    return out;
  };

  const claims = visit(payload, '') as JsonObject | undefined;
  if (failure) return failure;
  for (const d of byDigest.keys()) if (!used.has(d)) return { reason: 'disclosure_unreferenced', detail: 'a Disclosure matches no digest in the credential' };
  return { claims: claims ?? {}, disclosedPaths: disclosedPaths.sort() };
}

/** RFC 9901 §7.3 with the checks @sd-jwt leaves to us (see the file comment). */
async function checkKeyBinding(
  compact: string,
  kbJwt: string,
  holderJwk: JWK,
  expected: KeyBindingExpectation,
  now: Date,
  skew: number,
): Promise<{ audience: string; nonce: string; issuedAt: Date } | Failure> {
  let header: JsonObject;
  let payload: JsonObject;
  try {
    header = decodeProtectedHeader(kbJwt) as JsonObject;
    payload = decodeJwt(kbJwt) as JsonObject;
  } catch {
    return { reason: 'kb_malformed' };
  }
  if (header.typ !== 'kb+jwt') return { reason: 'kb_malformed', detail: `typ ${String(header.typ)}` };
  const algFailure = checkAlgorithm(header.alg);
  if (algFailure) return { reason: 'kb_alg_not_allowed', detail: algFailure.detail ?? algFailure.reason };
  const alg = header.alg as SigningAlgorithm;
  if (!keyFitsAlgorithm(holderJwk, alg)) return { reason: 'kb_alg_not_allowed', detail: `${alg} does not fit the cnf key` };
  if (!(await verifyCompactJws(kbJwt, header, holderJwk, alg, { cacheKey: false }))) return { reason: 'kb_signature_invalid' };
  if (payload.nonce !== expected.nonce) return { reason: 'kb_nonce_mismatch' };
  if (payload.aud !== expected.audience) return { reason: 'kb_audience_mismatch' };
  if (!isNumericDate(payload.iat)) return { reason: 'kb_malformed', detail: 'iat' };
  const t = now.getTime() / 1000;
  if (payload.iat > t + skew) return { reason: 'kb_in_future' };
  if (payload.iat < t - (expected.maxAgeSeconds ?? DEFAULT_KB_MAX_AGE_SECONDS) - skew) return { reason: 'kb_stale' };
  // sd_hash covers the presented SD-JWT exactly as sent, up to and including the last `~`.
  const presented = compact.slice(0, compact.lastIndexOf('~') + 1);
  const sdHash = sha256b64url(presented);
  if (payload.sd_hash !== sdHash) return { reason: 'kb_sd_hash_mismatch' };
  return { audience: expected.audience, nonce: expected.nonce, issuedAt: new Date(payload.iat * 1000) };
}

/**
 * Runs the SD-JWT checks into `checks` (format, algorithm, issuerKey, signature, disclosures,
 * validity, holderBinding, keyBinding) and returns what was verified, or undefined when the
 * pipeline stopped before the contents could be trusted.
 */
export async function runSdJwtChecks(
  checks: CheckRecorder,
  compact: string,
  input: SdJwtVerifyInput,
): Promise<SdJwtContents | undefined> {
  const skew = input.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const stop = (name: CheckName, failure: Failure) => {
    checks.record(name, failure);
    return undefined;
  };

  // 1. format: `<issuer-jwt>~<disclosure>~…~[<kb-jwt>]` with a JWS of the expected typ.
  if (typeof compact !== 'string' || !compact.includes('~')) return stop('format', { reason: 'malformed', detail: 'not an SD-JWT' });
  let parts: { jwt: string; disclosures: string[]; kbJwt?: string };
  let header: JsonObject;
  let signedPayload: JsonObject;
  try {
    parts = splitSdJwt(compact);
    if (parts.jwt.split('.').length !== 3) throw new TypeError('not a JWS');
    header = decodeProtectedHeader(parts.jwt) as JsonObject;
    signedPayload = decodeJwt(parts.jwt) as JsonObject;
  } catch {
    return stop('format', { reason: 'malformed' });
  }
  if (header.typ !== input.expectedTyp) return stop('format', { reason: 'wrong_typ', detail: String(header.typ) });
  checks.pass('format');

  // 2. algorithm
  if (!checks.record('algorithm', checkAlgorithm(header.alg))) return undefined;
  const alg = header.alg as SigningAlgorithm;

  // 3. issuer key
  const key = await input.resolveKey(header, signedPayload);
  if ('failure' in key) return stop('issuerKey', key.failure);
  checks.pass('issuerKey');

  // 4. signature of the Issuer-signed JWT
  if (!(await verifyCompactJws(parts.jwt, header, key.jwk, alg, { cacheKey: true }))) return stop('signature', { reason: 'signature_invalid' });
  checks.pass('signature');

  // 5. disclosures (RFC 9901 §7.1 steps 3–5)
  if (signedPayload._sd_alg !== undefined && signedPayload._sd_alg !== SD_HASH_ALG) {
    return stop('disclosures', { reason: 'sd_alg_unsupported', detail: String(signedPayload._sd_alg) });
  }
  const byDigest = decodeDisclosures(parts.disclosures);
  if (!(byDigest instanceof Map)) return stop('disclosures', byDigest);
  const processed = processDisclosures(signedPayload, byDigest);
  if ('reason' in processed) return stop('disclosures', processed);
  checks.pass('disclosures');

  // 6. validity, and 7. holder binding, from the claims in the clear: a holder must not be able
  // to drop `exp` or `cnf` by withholding a Disclosure (RFC 9901 §10.7), so they count only
  // when the issuer signed them visibly.
  checks.record('validity', checkValidity(signedPayload, input.now, skew));
  const holder = readHolderKey(signedPayload);
  if ('failure' in holder) checks.record('holderBinding', holder.failure);
  else checks.pass('holderBinding');

  // 8. key binding
  let keyBinding: SdJwtContents['keyBinding'];
  if (!input.keyBinding) checks.skip('keyBinding', 'not_requested');
  else if (!parts.kbJwt) checks.fail('keyBinding', 'kb_missing');
  else if ('failure' in holder) checks.skip('keyBinding', 'prerequisite_failed');
  else {
    const kb = await checkKeyBinding(compact, parts.kbJwt, holder.jwk, input.keyBinding, input.now, skew);
    if ('reason' in kb) checks.record('keyBinding', kb);
    else {
      checks.pass('keyBinding');
      keyBinding = kb;
    }
  }

  return {
    header,
    signedPayload,
    claims: processed.claims,
    disclosedPaths: processed.disclosedPaths,
    ...('jwk' in holder ? { holderJwk: holder.jwk } : {}),
    ...(keyBinding ? { keyBinding } : {}),
  };
}

export interface SdJwtVerification {
  ok: boolean;
  checks: Readonly<Partial<Record<CheckName, CheckResult>>>;
  contents?: SdJwtContents;
}

/** Verifies any SD-JWT (RFC 9901), whatever its claims; SD-JWT VCs go through verifySdJwtVc. */
export async function verifySdJwt(compact: string, input: SdJwtVerifyInput): Promise<SdJwtVerification> {
  const checks = new CheckRecorder();
  const contents = await runSdJwtChecks(checks, compact, input);
  const names: CheckName[] = ['format', 'algorithm', 'issuerKey', 'signature', 'disclosures', 'validity', 'holderBinding', 'keyBinding'];
  const all = checks.finish().checks;
  const subset: Partial<Record<CheckName, CheckResult>> = {};
  for (const n of names) subset[n] = all[n];
  const ok = names.every((n) => all[n].status !== 'failed') && all.signature.status === 'passed';
  return { ok, checks: subset, ...(contents ? { contents } : {}) };
}
