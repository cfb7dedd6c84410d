import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractLinks } from './extract-links.ts';

describe('extracting links from a message body', () => {
  it('finds http and https links in order, once each', () => {
    const body = 'Set your password:\nhttp://localhost:3000/trusts/RR8/employer/set-password?token=a-b_c\n\nOr https://example.test/x#y, or https://example.test/x#y again.';
    assert.deepEqual(extractLinks(body), ['http://localhost:3000/trusts/RR8/employer/set-password?token=a-b_c', 'https://example.test/x#y']);
  });

  it('leaves sentence punctuation and an unopened closing bracket out of a link', () => {
    assert.deepEqual(extractLinks('Go to https://example.test/a. (See https://example.test/b).'), ['https://example.test/a', 'https://example.test/b']);
    assert.deepEqual(extractLinks('https://en.example.test/wiki/Thing_(x)!'), ['https://en.example.test/wiki/Thing_(x)']);
  });

  it('never returns a link of another scheme', () => {
    assert.deepEqual(extractLinks('javascript:alert(1) data:text/html,x openid-credential-offer://?x=1 ftp://example.test'), []);
  });
});
