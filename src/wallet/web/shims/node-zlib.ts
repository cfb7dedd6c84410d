// `node:zlib` for the web wallet's bundle: the synchronous inflate the core's status-list codecs
// use (browsers only offer an asynchronous DecompressionStream), from pako — the inflater
// @sd-jwt/jwt-status-list, one of our pinned dependencies, itself depends on. `maxOutputLength`
// is honoured while inflating, so a small hostile list cannot expand without bound. Compression
// is for issuers, never the wallet, and throws.
import { Inflate } from 'pako';

function inflateCapped(data: Uint8Array, windowBits: number, maxOutputLength = Number.MAX_SAFE_INTEGER): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate({ windowBits });
  inflater.onData = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > maxOutputLength) throw new RangeError('ERR_BUFFER_TOO_LARGE');
    chunks.push(chunk);
  };
  inflater.push(data, true);
  if (inflater.err) throw new Error(inflater.msg || 'invalid compressed data');
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// zlib format: windowBits 15; gzip: 15 + 16 (pako's, like zlib's, convention).
export const inflateSync = (data: Uint8Array, options: { maxOutputLength?: number } = {}): Uint8Array => inflateCapped(data, 15, options.maxOutputLength);
export const gunzipSync = (data: Uint8Array, options: { maxOutputLength?: number } = {}): Uint8Array => inflateCapped(data, 15 + 16, options.maxOutputLength);

function unavailable(name: string): never {
  throw new TypeError(`node:zlib ${name} is not available in the web wallet`);
}
export const gzipSync = (): never => unavailable('gzipSync');
export const deflateSync = (): never => unavailable('deflateSync');
export const constants = { Z_BEST_COMPRESSION: 9 };
