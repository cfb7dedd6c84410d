import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyManagementError, SealedValueInvalid, UnknownKeyEncryptionKey } from './key-management.ts';
import { kekIdOf, keyEncryptionKeyFrom, open, seal, sealedKekId } from './sealing.ts';

// Fixed test KEKs (STYLE.md rule 14).
const kekA = keyEncryptionKeyFrom(Buffer.alloc(32, 0xa1).toString('base64'));
const kekB = keyEncryptionKeyFrom(Buffer.alloc(32, 0xb2).toString('base64'));
const secret = Buffer.from('JBSWY3DPEHPK3PXP', 'utf8');

describe('sealing', () => {
  it('round-trips a secret under its KEK and context, in the versioned format naming the KEK', () => {
    const sealed = seal(kekA, secret, 'totp-seed:user-1');
    assert.match(sealed, /^v1\.[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal(sealedKekId(sealed), kekA.id);
    assert.ok(!sealed.includes(secret.toString('base64url')) && !sealed.includes('JBSWY3DPEHPK3PXP'));
    assert.deepEqual(open([kekA], sealed, 'totp-seed:user-1'), secret);
  });

  it('uses a fresh IV each time: sealing twice gives different values', () => {
    assert.notEqual(seal(kekA, secret, 'c'), seal(kekA, secret, 'c'));
  });

  it('refuses to open under another context, so a value cannot be moved to another row', () => {
    const sealed = seal(kekA, secret, 'totp-seed:user-1');
    assert.throws(() => open([kekA], sealed, 'totp-seed:user-2'), SealedValueInvalid);
  });

  it('reports a value sealed under a KEK it does not hold as an unknown KEK', () => {
    const sealed = seal(kekA, secret, 'c');
    assert.throws(
      () => open([kekB], sealed, 'c'),
      (e: unknown) => e instanceof UnknownKeyEncryptionKey && e.code === 'ERR_KEK_UNKNOWN' && e.kekId === kekA.id,
    );
  });

  it('opens values sealed under an earlier KEK when it is still configured (KEK rotation)', () => {
    const sealed = seal(kekA, secret, 'c');
    assert.deepEqual(open([kekB, kekA], sealed, 'c'), secret);
  });

  it('detects a wrong key behind a forged KEK id, a changed ciphertext and a changed header', () => {
    const sealed = seal(kekA, secret, 'c');
    const impostor = { id: kekA.id, key: kekB.key };
    assert.throws(() => open([impostor], sealed, 'c'), SealedValueInvalid);

    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 1;
    assert.throws(() => open([kekA], [parts[0], parts[1], parts[2], ct.toString('base64url'), parts[4]].join('.'), 'c'), SealedValueInvalid);
    assert.throws(() => open([kekA], ['v2', ...parts.slice(1)].join('.'), 'c'), SealedValueInvalid);
    assert.throws(() => open([kekA], 'not sealed', 'c'), (e: unknown) => e instanceof KeyManagementError && e.code === 'ERR_SEALED_INVALID');
  });

  it('refuses a KEK that is not 32 bytes at start-up, and derives a stable short KEK id', () => {
    assert.throws(() => keyEncryptionKeyFrom(Buffer.alloc(16).toString('base64')), TypeError);
    assert.equal(kekIdOf(kekA.key), kekA.id);
    assert.notEqual(kekA.id, kekB.id);
  });
});
