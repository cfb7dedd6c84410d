import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didWebDocumentUrl, didWebFromUrl, organisationDid, organisationOdsFromDid } from './did-web.ts';

function urlOf(did: string): string {
  const r = didWebDocumentUrl(did);
  if ('failure' in r) throw new Error(`${did}: ${r.failure.code} ${r.failure.detail ?? ''}`);
  return r.url.toString();
}

function failureOf(did: string): string {
  const r = didWebDocumentUrl(did);
  return 'failure' in r ? r.failure.code : 'resolved';
}

describe('did:web DIDs of organisations', () => {
  it('percent-encodes the colon of a port and joins path segments with colons (architecture §5)', () => {
    assert.equal(organisationDid('http://localhost:3000', 'RZX'), 'did:web:localhost%3A3000:orgs:RZX');
  });

  it('leaves the port out when the URL has none or the default one', () => {
    assert.equal(organisationDid('https://dsp.example.nhs.uk', 'RZX'), 'did:web:dsp.example.nhs.uk:orgs:RZX');
    assert.equal(organisationDid('https://dsp.example.nhs.uk:443/', 'RZY'), 'did:web:dsp.example.nhs.uk:orgs:RZY');
  });

  it('keeps a path prefix of the public URL as DID path segments', () => {
    assert.equal(organisationDid('https://nhs.example/dsp/', 'XTP01'), 'did:web:nhs.example:dsp:orgs:XTP01');
  });

  it('refuses ODS codes that are not upper-case letters and digits', () => {
    assert.throws(() => organisationDid('http://localhost:3000', 'rzx'), TypeError);
    assert.throws(() => organisationDid('http://localhost:3000', 'R:X'), TypeError);
  });

  it('refuses IP addresses other than 127.0.0.1 (did:web: "MUST NOT include IP addresses")', () => {
    assert.throws(() => didWebFromUrl('https://10.0.0.1/orgs/RZX'), TypeError);
    assert.equal(didWebFromUrl('http://127.0.0.1:8080/orgs/RZX'), 'did:web:127.0.0.1%3A8080:orgs:RZX');
  });

  it('percent-encodes path characters outside the DID idchar set', () => {
    assert.equal(didWebFromUrl('https://example.com/a~b/c%20d'), 'did:web:example.com:a%7Eb:c%20d');
  });

  it('recognises its own organisations’ DIDs and no others', () => {
    assert.equal(organisationOdsFromDid('http://localhost:3000', 'did:web:localhost%3A3000:orgs:RZX'), 'RZX');
    assert.equal(organisationOdsFromDid('http://localhost:3000', 'did:web:localhost%3A3001:orgs:RZX'), undefined);
    assert.equal(organisationOdsFromDid('http://localhost:3000', 'did:web:localhost%3A3000:orgs:RZX:more'), undefined);
  });
});

describe('did:web document URLs (did:web §"Read (Resolve)")', () => {
  it('maps a bare domain to /.well-known/did.json over https', () => {
    assert.equal(urlOf('did:web:w3c-ccg.github.io'), 'https://w3c-ccg.github.io/.well-known/did.json');
  });

  it('maps path segments to a path ending in /did.json', () => {
    assert.equal(urlOf('did:web:w3c-ccg.github.io:user:alice'), 'https://w3c-ccg.github.io/user/alice/did.json');
  });

  it('decodes the port colon (the spec example did:web:example.com%3A3000:user:alice)', () => {
    assert.equal(urlOf('did:web:example.com%3A3000:user:alice'), 'https://example.com:3000/user/alice/did.json');
  });

  it('maps localhost and 127.0.0.1 to http and every other host to https', () => {
    assert.equal(urlOf('did:web:localhost%3A3000:orgs:RZX'), 'http://localhost:3000/orgs/RZX/did.json');
    assert.equal(urlOf('did:web:127.0.0.1%3A3000:orgs:RZX'), 'http://127.0.0.1:3000/orgs/RZX/did.json');
    assert.equal(urlOf('did:web:localhost.example.com:orgs:RZX'), 'https://localhost.example.com/orgs/RZX/did.json');
  });

  it('round-trips the DID of an organisation to the route that serves its document', () => {
    assert.equal(urlOf(organisationDid('http://localhost:3000', 'RZX')), 'http://localhost:3000/orgs/RZX/did.json');
  });

  it('refuses other methods, IP addresses, dot segments and malformed authorities', () => {
    assert.equal(failureOf('did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'), 'invalidDid');
    assert.equal(failureOf('did:web:192.168.1.1'), 'invalidDid');
    assert.equal(failureOf('did:web:example.com:..:secret'), 'invalidDid');
    assert.equal(failureOf('did:web:example.com:%2E%2E:secret'), 'invalidDid');
    assert.equal(failureOf('did:web:example.com%2Fevil'), 'invalidDid');
    assert.equal(failureOf('did:web:example.com%3A99999'), 'invalidDid');
    assert.equal(failureOf('did:web:exa_mple.com'), 'invalidDid');
  });
});
