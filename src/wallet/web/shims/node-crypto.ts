// `node:crypto` for the web wallet's bundle: only the synchronous SHA-256 the core's SD-JWT and
// JWK-thumbprint code needs (`hash`, `createHash`), from @noble/hashes. Everything else the core
// imports from node:crypto (signing with private JWKs, randomInt, …) is for issuers and the CLI,
// never for the wallet: it throws, so a bundle that reached it fails loudly instead of quietly.
import { sha256 } from '@noble/hashes/sha2';
import { toBase64url } from './encoding.ts';

type Data = string | Uint8Array;
const bytesOf = (data: Data): Uint8Array => (typeof data === 'string' ? new TextEncoder().encode(data) : data);

function encode(digest: Uint8Array, encoding?: string): Uint8Array | string {
  if (encoding === undefined || encoding === 'buffer') return digest;
  if (encoding === 'base64url') return toBase64url(digest);
  if (encoding === 'hex') return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  throw new TypeError(`node:crypto shim: digest encoding ${encoding} is not available in the web wallet`);
}

function sha256Only(algorithm: string): void {
  if (algorithm.toLowerCase().replace('-', '') !== 'sha256') throw new TypeError(`node:crypto shim: only sha256 is available in the web wallet, not ${algorithm}`);
}

export function hash(algorithm: string, data: Data, encoding?: string): Uint8Array | string {
  sha256Only(algorithm);
  return encode(sha256(bytesOf(data)), encoding);
}

export function createHash(algorithm: string) {
  sha256Only(algorithm);
  const state = sha256.create();
  const self = {
    update(data: Data) {
      state.update(bytesOf(data));
      return self;
    },
    digest(encoding?: string) {
      return encode(state.digest(), encoding);
    },
  };
  return self;
}

function unavailable(name: string): never {
  throw new TypeError(`node:crypto ${name} is not available in the web wallet (it signs only with its own non-extractable keys)`);
}

export const createPrivateKey = (): never => unavailable('createPrivateKey');
export const createPublicKey = (): never => unavailable('createPublicKey');
export const sign = (): never => unavailable('sign');
export const verify = (): never => unavailable('verify');
export const randomInt = (): never => unavailable('randomInt');
export const randomBytes = (): never => unavailable('randomBytes');
export const randomUUID = (): string => crypto.randomUUID();
export const KeyObject = { from: (): never => unavailable('KeyObject') };
export default { hash, createHash, createPrivateKey, createPublicKey, sign, verify, randomInt, randomBytes, randomUUID, KeyObject };
