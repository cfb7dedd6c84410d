// The two list encodings, on byte arrays.
//
// Bitstring Status List v1.0 §2.2 (encodedList) and §7.1: index 0 is the LEFT-most bit of the
// bitstring, i.e. the most significant bit (mask 0x80) of byte 0; the bitstring is GZIP-
// compressed (RFC 1952), base64url-encoded without padding (RFC 4648 §5) and prefixed with the
// multibase base64url header `u`.
//
// Token Status List, "Status List": index 0 is the LEAST significant bit of byte 0 (bits are
// counted from bit 0 to bit 7 within a byte), an entry of `bits` bits occupies bits
// [(i*bits) mod 8, …) of byte floor(i*bits/8); the bytes are compressed with DEFLATE (RFC 1951)
// in the ZLIB format (RFC 1950), highest compression recommended, and base64url-encoded.
//
// Hand-rolled over node:zlib rather than through @digitalbazaar/vc-bitstring-status-list and
// @sd-jwt/jwt-status-list (which the tests use as independent decoders): both codecs are a few
// lines over a Uint8Array, ours build a 1,000,000-entry list without an array of numbers or a
// per-entry string (the @sd-jwt encoder converts every entry through a binary string), the
// decoders cap the inflated size so a small hostile list cannot expand into gigabytes (neither
// library does), and the @digitalbazaar package brings no types and the JSON-LD VC stack.
import { gunzipSync, gzipSync, inflateSync, deflateSync, constants } from 'node:zlib';

/** Refuse lists that inflate beyond this (16 MiB = 134 million one-bit entries). */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export class StatusListEncodingError extends Error {
  constructor(
    readonly code: 'not_multibase_base64url' | 'not_base64url' | 'not_compressed' | 'too_large' | 'bits_invalid',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size <= 0) throw new TypeError('status list size must be a positive integer');
}

function checkIndex(index: number, size: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`index ${index} outside a list of ${size}`);
}

// ---- Bitstring Status List -------------------------------------------------------------

/** A bitstring of `size` entries (rounded up to whole bytes) with the given indexes set. */
export function createBitstring(size: number, setIndexes: Iterable<number>): Uint8Array {
  checkSize(size);
  const bytes = new Uint8Array(Math.ceil(size / 8));
  for (const index of setIndexes) {
    checkIndex(index, size);
    bytes[index >> 3]! |= 0x80 >> (index & 7);
  }
  return bytes;
}

/** The bit at `index` (0 or 1), or undefined when the bitstring is shorter. */
export function bitstringBitAt(bytes: Uint8Array, index: number): 0 | 1 | undefined {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bytes.length * 8) return undefined;
  return (bytes[index >> 3]! & (0x80 >> (index & 7))) === 0 ? 0 : 1;
}

/** `encodedList`: "u" + base64url(gzip(bitstring)). */
export function encodeBitstring(bytes: Uint8Array): string {
  return `u${gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).toString('base64url')}`;
}

/** The bitstring of an `encodedList`; throws StatusListEncodingError when it is not one. */
export function decodeBitstring(encodedList: string, maxBytes = MAX_STATUS_LIST_BYTES): Uint8Array {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new StatusListEncodingError('not_multibase_base64url', 'encodedList must be multibase base64url (prefix "u")');
  }
  const body = encodedList.slice(1);
  if (!BASE64URL.test(body)) throw new StatusListEncodingError('not_base64url', 'encodedList is not base64url without padding');
  return inflated(() => gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: maxBytes }), maxBytes);
}

// ---- Token Status List ------------------------------------------------------------------

export type TokenStatusBits = 1 | 2 | 4 | 8;

export function isTokenStatusBits(value: unknown): value is TokenStatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

/** The byte array of a token status list of `size` entries, `bits` each, with the given values. */
export function createTokenStatusBytes(size: number, bits: TokenStatusBits, values: Iterable<readonly [index: number, value: number]>): Uint8Array {
  checkSize(size);
  if (!isTokenStatusBits(bits)) throw new TypeError('bits must be 1, 2, 4 or 8');
  const bytes = new Uint8Array(Math.ceil((size * bits) / 8));
  const max = (1 << bits) - 1;
  for (const [index, value] of values) {
    checkIndex(index, size);
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`status value ${value} does not fit in ${bits} bits`);
    const bit = index * bits;
    const shift = bit & 7;
    const at = bit >> 3;
    bytes[at] = (bytes[at]! & ~(max << shift)) | (value << shift);
  }
  return bytes;
}

/** The value at `index`, or undefined when the list is shorter. */
export function tokenStatusAt(bytes: Uint8Array, bits: TokenStatusBits, index: number): number | undefined {
  if (!Number.isSafeInteger(index) || index < 0 || index >= (bytes.length * 8) / bits) return undefined;
  const bit = index * bits;
  return (bytes[bit >> 3]! >> (bit & 7)) & ((1 << bits) - 1);
}

/** `lst`: base64url(zlib(DEFLATE(bytes))). */
export function compressTokenStatusList(bytes: Uint8Array): string {
  return deflateSync(bytes, { level: constants.Z_BEST_COMPRESSION }).toString('base64url');
}

/** The byte array of an `lst`; throws StatusListEncodingError when it is not one. */
export function decompressTokenStatusList(lst: string, maxBytes = MAX_STATUS_LIST_BYTES): Uint8Array {
  if (typeof lst !== 'string' || !BASE64URL.test(lst) || lst === '') throw new StatusListEncodingError('not_base64url', 'lst is not base64url');
  return inflated(() => inflateSync(Buffer.from(lst, 'base64url'), { maxOutputLength: maxBytes }), maxBytes);
}

function inflated(run: () => Buffer, maxBytes: number): Uint8Array {
  try {
    return new Uint8Array(run());
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new StatusListEncodingError('too_large', `status list inflates beyond ${maxBytes} bytes`);
    }
    throw new StatusListEncodingError('not_compressed', 'status list is not validly compressed');
  }
}
