// The byte encodings DIDs use: base64url without padding (RFC 4648 §5; did:jwk, JWK members)
// and base58btc (the multibase `z` prefix of did:key and Multikey). Written on atob/btoa and
// TextEncoder rather than Buffer, so the core runs in the browser wallet too.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Strict base64url: the RFC 4648 §5 alphabet, no padding, canonical (re-encodes to itself). */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Unused trailing bits must be zero, or two spellings would name one value.
  return base64UrlEncode(bytes) === text ? bytes : undefined;
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function utf8Encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58_ALPHABET].map((c, i) => [c, i]));

/** Bitcoin base58 (the multibase `z` encoding, draft-msporny-base58 §3). */
export function base58btcDecode(text: string): Uint8Array | undefined {
  if (text === '') return new Uint8Array();
  let value = 0n;
  for (const c of text) {
    const digit = BASE58_INDEX.get(c);
    if (digit === undefined) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const body: number[] = [];
  while (value > 0n) {
    body.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  let zeros = 0;
  while (text[zeros] === '1') zeros += 1;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

export function base58btcEncode(bytes: Uint8Array): string {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) + BigInt(b);
  let out = '';
  while (value > 0n) {
    out = BASE58_ALPHABET[Number(value % 58n)]! + out;
    value /= 58n;
  }
  let zeros = 0;
  while (bytes[zeros] === 0) zeros += 1;
  return '1'.repeat(zeros) + out;
}
