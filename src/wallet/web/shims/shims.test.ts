// The web wallet's stand-ins for Node built-ins give the same answers as Node for everything the
// wallet uses, and refuse loudly what it must not use.
import assert from 'node:assert/strict';
import { createHash as nodeCreateHash, hash as nodeHash, randomBytes } from 'node:crypto';
import { deflateSync as nodeDeflate, gzipSync as nodeGzip } from 'node:zlib';
import { describe, it } from 'node:test';
import { Buffer as WalletBuffer } from './buffer.ts';
import { createHash, createPrivateKey, hash, sign } from './node-crypto.ts';
import { deflateSync, gunzipSync, inflateSync } from './node-zlib.ts';
import { digest } from './sd-jwt-crypto.ts';

describe('web wallet shims', () => {
  it('Buffer: base64url, UTF-8 and ASCII round trips match Node', () => {
    const text = 'héllo ✓ {"a":1} ~ äöü';
    const encoded = WalletBuffer.from(text).toString('base64url');
    assert.equal(encoded, Buffer.from(text).toString('base64url'));
    assert.equal(WalletBuffer.from(encoded, 'base64url').toString('utf8'), text);
    const bytes = randomBytes(1000);
    assert.equal(WalletBuffer.from(bytes).toString('base64url'), bytes.toString('base64url'));
    assert.deepEqual([...WalletBuffer.from('abc.def', 'ascii')], [...Buffer.from('abc.def', 'ascii')]);
    assert.throws(() => WalletBuffer.from('x', 'hex'), /not available in the web wallet/);
  });

  it('node:crypto: SHA-256 hash and createHash match Node; private-key operations throw', () => {
    for (const input of ['', 'disclosure', 'ü'.repeat(1000)]) {
      assert.equal(hash('sha256', input, 'base64url'), nodeHash('sha256', input, 'base64url'));
      assert.equal(createHash('sha256').update(input).update('x').digest('hex'), nodeCreateHash('sha256').update(input).update('x').digest('hex'));
    }
    assert.deepEqual([...digest('abc')], [...nodeCreateHash('sha256').update('abc').digest()]);
    assert.throws(() => hash('sha512', 'x'), /only sha256/);
    assert.throws(() => createPrivateKey(), /not available in the web wallet/);
    assert.throws(() => sign(), /not available in the web wallet/);
  });

  it('node:zlib: inflates what Node compressed, honours the output cap while inflating, and refuses to compress', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i % 97 === 0 ? 1 : 0));
    assert.deepEqual(inflateSync(nodeDeflate(bytes)), bytes);
    assert.deepEqual(gunzipSync(nodeGzip(bytes)), bytes);
    assert.throws(() => inflateSync(nodeDeflate(bytes), { maxOutputLength: 1000 }), RangeError);
    assert.throws(() => inflateSync(new Uint8Array([1, 2, 3, 4])));
    assert.throws(() => deflateSync(), /not available in the web wallet/);
  });
});
