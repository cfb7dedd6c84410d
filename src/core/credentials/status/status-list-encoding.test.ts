import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { StatusList } from '@sd-jwt/jwt-status-list';
// @ts-expect-error -- @digitalbazaar/vc-bitstring-status-list ships no types; used here only as an independent decoder.
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import {
  StatusListEncodingError,
  bitstringBitAt,
  compressTokenStatusList,
  createBitstring,
  createTokenStatusBytes,
  decodeBitstring,
  decompressTokenStatusList,
  encodeBitstring,
  tokenStatusAt,
  type TokenStatusBits,
} from './status-list-encoding.ts';

interface DecodedBitstringList {
  length: number;
  getStatus(index: number): boolean;
}
const decodeWithDigitalBazaar = decodeList as (input: { encodedList: string }) => Promise<DecodedBitstringList>;

const SIZE = 131_072;

describe('bitstring encoding (W3C Bitstring Status List v1.0)', () => {
  it('puts index 0 at the left-most (most significant) bit of the first byte', () => {
    const bytes = createBitstring(16, [0, 9]);
    assert.deepEqual([...bytes], [0b1000_0000, 0b0100_0000]);
  });

  it('decodes the spec example encodedList (Example 3) to an all-zero list of 131,072 entries', () => {
    const bytes = decodeBitstring('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
    assert.equal(bytes.length * 8, SIZE);
    assert.ok(bytes.every((b) => b === 0));
  });

  it('encodes as multibase base64url (prefix u, no padding) of a GZIP stream', () => {
    const encoded = encodeBitstring(createBitstring(SIZE, [5]));
    assert.match(encoded, /^u[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(encoded.slice(1), 'base64url');
    assert.deepEqual([raw[0], raw[1]], [0x1f, 0x8b], 'GZIP magic (RFC 1952 §2.3.1)');
  });

  it("decodes with @digitalbazaar/vc-bitstring-status-list to exactly the indexes set", async () => {
    const set = [0, 1, 7, 8, 4711, 65_535, SIZE - 1];
    const list = await decodeWithDigitalBazaar({ encodedList: encodeBitstring(createBitstring(SIZE, set)) });
    assert.equal(list.length, SIZE);
    const found: number[] = [];
    for (let i = 0; i < SIZE; i++) if (list.getStatus(i)) found.push(i);
    assert.deepEqual(found, set);
  });

  it('round-trips random sets of indexes (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: SIZE - 1 }), { maxLength: 300 }), (set) => {
        const bytes = decodeBitstring(encodeBitstring(createBitstring(SIZE, set)));
        const expected = new Set(set);
        assert.equal(bytes.length * 8, SIZE);
        // Check every set index and a sample of the others (checking all 131,072 per run is slow).
        for (const i of set) assert.equal(bitstringBitAt(bytes, i), 1);
        let ones = 0;
        for (const b of bytes) for (let x = b; x; x &= x - 1) ones++;
        assert.equal(ones, expected.size);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses an encodedList without the multibase prefix, or that is not GZIP', () => {
    const raw = gzipSync(new Uint8Array(16)).toString('base64url');
    assert.throws(() => decodeBitstring(raw), (e) => e instanceof StatusListEncodingError && e.code === 'not_multibase_base64url');
    assert.throws(() => decodeBitstring(`u${Buffer.from('not gzip').toString('base64url')}`), (e) => e instanceof StatusListEncodingError && e.code === 'not_compressed');
    assert.throws(() => decodeBitstring('uAAA+/'), (e) => e instanceof StatusListEncodingError && e.code === 'not_base64url');
  });

  it('refuses a list that inflates beyond the size cap (a GZIP bomb)', () => {
    const bomb = `u${gzipSync(new Uint8Array(4 * 1024 * 1024)).toString('base64url')}`;
    assert.ok(bomb.length < 10_000);
    assert.throws(() => decodeBitstring(bomb, 1024 * 1024), (e) => e instanceof StatusListEncodingError && e.code === 'too_large');
  });
});

describe('token status list encoding (IETF Token Status List)', () => {
  it('matches the spec example: 1-bit statuses 1,0,0,1,1,1,0,1 | 1,1,0,0,0,1,0,1 are bytes 0xB9 0xA3', () => {
    const statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    const bytes = createTokenStatusBytes(16, 1, statuses.map((v, i) => [i, v] as const));
    assert.deepEqual([...bytes], [0xb9, 0xa3]);
  });

  it('matches the spec example for 2-bit statuses (bytes 0xC9 0x44 0xF9)', () => {
    const statuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
    const bytes = createTokenStatusBytes(12, 2, statuses.map((v, i) => [i, v] as const));
    assert.deepEqual([...bytes], [0xc9, 0x44, 0xf9]);
  });

  it('compresses with DEFLATE in the ZLIB format', () => {
    const raw = Buffer.from(compressTokenStatusList(new Uint8Array(32_768)), 'base64url');
    assert.equal(raw[0]! & 0x0f, 8, 'CM = 8 (deflate), RFC 1950 §2.2');
    assert.equal(((raw[0]! << 8) | raw[1]!) % 31, 0, 'FCHECK');
  });

  it('decodes with @sd-jwt/jwt-status-list to exactly the values written', () => {
    const values: [number, number][] = [[0, 1], [3, 2], [4711, 1], [SIZE - 1, 2]];
    const lst = compressTokenStatusList(createTokenStatusBytes(SIZE, 2, values));
    const list = StatusList.decompressStatusList(lst, 2);
    const found: [number, number][] = [];
    for (let i = 0; i < SIZE; i++) if (list.getStatus(i) !== 0) found.push([i, list.getStatus(i)]);
    assert.deepEqual(found, values);
  });

  it('round-trips random sets of statuses for every bit size (property)', () => {
    const bitSizes: TokenStatusBits[] = [1, 2, 4, 8];
    fc.assert(
      fc.property(
        fc.constantFrom(...bitSizes),
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: SIZE - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 300, selector: ([i]) => i }),
        (bits, raw) => {
          const values = raw.map(([i, v]) => [i, v % (1 << bits) || 1] as const);
          const bytes = decompressTokenStatusList(compressTokenStatusList(createTokenStatusBytes(SIZE, bits, values)));
          for (const [i, v] of values) assert.equal(tokenStatusAt(bytes, bits, i), v);
          let nonZero = 0;
          for (let i = 0; i < SIZE; i += 1) if (tokenStatusAt(bytes, bits, i) !== 0) nonZero++;
          assert.equal(nonZero, values.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses an lst that is not zlib, or that inflates beyond the size cap', () => {
    assert.throws(() => decompressTokenStatusList(Buffer.from('plain').toString('base64url')), (e) => e instanceof StatusListEncodingError && e.code === 'not_compressed');
    const bomb = deflateSync(new Uint8Array(4 * 1024 * 1024)).toString('base64url');
    assert.throws(() => decompressTokenStatusList(bomb, 1024 * 1024), (e) => e instanceof StatusListEncodingError && e.code === 'too_large');
  });

  it('reads out-of-range indexes as undefined rather than as valid', () => {
    const bytes = createTokenStatusBytes(8, 2, []);
    assert.equal(tokenStatusAt(bytes, 2, 7), 0);
    assert.equal(tokenStatusAt(bytes, 2, 8), undefined);
    assert.equal(bitstringBitAt(createBitstring(8, []), 8), undefined);
  });
});
