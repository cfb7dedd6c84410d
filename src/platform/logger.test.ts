import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, safeUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logging', () => {
  it('redacts tokens, codes, nonces, credentials and personal data at any depth', () => {
    const { lines, logger } = capture();
    logger.info({
      token: 'tok-secret', code: 'code-secret', nonce: 'nonce-secret', email: 'person@example.nhs.uk',
      nested: { access_token: 'at-secret', credential: 'eyJcred', deeper: { given_name: 'Ada', phone: '07700900000' } },
      headers: { authorization: 'Bearer abc-secret', cookie: 'sid=cookie-secret' },
      organisationId: 'kept-id',
    }, 'event');
    const line = lines.join('');
    for (const secret of ['tok-secret', 'code-secret', 'nonce-secret', 'person@example.nhs.uk', 'at-secret', 'eyJcred', 'Ada', '07700900000', 'abc-secret', 'cookie-secret'])
      assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
    assert.ok(line.includes('kept-id'), 'identifiers are kept');
  });

  it('logs URLs without query values, where OAuth codes travel', () => {
    assert.equal(safeUrl('/gateway/callback?code=abc&state=xyz&state=2'), '/gateway/callback?code=…&state=…');
    assert.equal(safeUrl('/health/ready'), '/health/ready');
    // Link tokens and offer references in the path are secrets; UUIDs and page names are not.
    assert.equal(safeUrl('/trusts/RZX/employee/invitation/Xq3v9Jc2kLmN0pQrStUvWxYz_-AbCdEfGhIjKlMnOpQ'), '/trusts/RZX/employee/invitation/…');
    assert.equal(safeUrl('/trusts/RZX/employee/access-key/Xq3v9Jc2kLmN0pQrStUvWxYz_-AbCdEfGhIjKlMnOpQ?x=1'), '/trusts/RZX/employee/access-key/…?x=…');
    assert.equal(safeUrl('/trusts/RZX/employee/access-key/security-code'), '/trusts/RZX/employee/access-key/security-code');
    assert.equal(safeUrl('/trusts/RZX/employee/credentials/3f1c2a9e-8b7d-4c6e-9f01-23456789abcd'), '/trusts/RZX/employee/credentials/3f1c2a9e-8b7d-4c6e-9f01-23456789abcd');
    const { lines, logger } = capture();
    logger.info({ req: { id: 'r1', method: 'GET', url: '/cb?code=leaky-code', headers: { cookie: 'x' } } }, 'request');
    assert.ok(!lines.join('').includes('leaky-code'));
  });
});
