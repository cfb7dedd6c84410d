// Issue 5 interop: our holder library (src/wallet, createHolder over Node's fetch) receives from,
// and presents to, an issuer and a verifier not written in this project — Credo 0.6.3's own
// OpenId4VcModule issuer and verifier, pinned in test-peers/credo and run as one child process
// (test-peers/credo/issuer-verifier-cli.ts, driven by test/support/credo-peer.ts). Credo looks
// like our gateway: did:web:localhost%3A<port>:orgs:SELF, offers by reference with a numeric
// tx_code, signed Request Objects with a `decentralized_identifier:` client id.
//
// jwt_vc_json is requested with a did:jwk key proof (our holder's `keyReference: 'did:jwk'`): Credo's
// issuer writes the holder as credentialSubject.id, which must be a DID, and answers a bare-jwk
// proof for a W3C credential with server_error. dc+sd-jwt uses our default bare `jwk` (cnf.jwk).
//
// The jwt_vc_json credential is issued without credentialStatus: Credo's verifier rejects every
// W3C credential that has one (it cannot check a Bitstring Status List).
//
// If the peer cannot be installed or started, every test FAILS with the reason: nothing is skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type CredentialRecord, type Holder } from '../../src/wallet/index.ts';
import { CredoPeerError, ensureCredoPeerInstalled, startCredoIssuerVerifier, type CredoFormat, type CredoIssuerVerifier } from '../support/credo-peer.ts';

const FORMATS: readonly CredoFormat[] = ['dc+sd-jwt', 'jwt_vc_json'];

function describeError(error: unknown): string {
  if (error instanceof CredoPeerError) return `${error.code}: ${error.message}\n${error.stderr.split('\n').slice(-15).join('\n')}`;
  if (error instanceof Error) return `${error.name}: ${error.message} ${JSON.stringify(error)}`;
  return String(error);
}

describe('our holder against Credo 0.6.3 issuer and verifier', () => {
  let credo: CredoIssuerVerifier | undefined;
  let startFailure: string | undefined;
  let holder: Holder;
  const received = new Map<CredoFormat, CredentialRecord>();

  before(async () => {
    const install = ensureCredoPeerInstalled();
    if (!install.ok) {
      startFailure = `the Credo interop peer is not available: ${install.reason}`;
      return;
    }
    try {
      credo = await startCredoIssuerVerifier();
    } catch (error) {
      startFailure = `Credo's issuer and verifier did not start: ${describeError(error)}`;
    }
    holder = createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
  });
  after(async () => {
    await credo?.close();
  });

  function peer(): CredoIssuerVerifier {
    if (!credo) assert.fail(startFailure ?? 'Credo peer not started');
    return credo;
  }

  for (const format of FORMATS) {
    it(`receives a ${format} credential from Credo's issuer with the tx_code, signed by Credo's did:web and bound to the wallet key`, async () => {
      const issuer = peer();
      const { offerUri, txCode } = await issuer.offer(format, { txCode: true, withStatus: false });
      assert.ok(txCode, 'Credo made a tx_code');
      let asked = false;
      const result = await holder
        .receive(offerUri, {
          ...(format === 'jwt_vc_json' ? { keyReference: 'did:jwk' as const } : {}),
          txCode: () => {
            asked = true;
            return Promise.resolve(txCode);
          },
        })
        .catch((error: unknown) => assert.fail(`receive ${format}: ${describeError(error)}\n${issuer.stderr().split('\n').slice(-15).join('\n')}`));
      assert.ok(asked, 'the holder asked for the transaction code');
      assert.equal(result.received.length, 1);
      const record = result.received[0]!;
      assert.equal(record.format, format);
      assert.equal(record.issuer.did, issuer.did);
      assert.equal(record.issuer.url, `${issuer.origin}/oid4vci/SELF`);
      assert.equal(record.keyId, (await holder.walletKey()).id);
      received.set(format, record);
    });

    it(`presents the ${format} credential to Credo's verifier (signed request, decentralized_identifier client id) and Credo reports the response verified`, async () => {
      const verifier = peer();
      const record = received.get(format);
      assert.ok(record, `the ${format} credential was not received (see the previous test)`);
      const { requestUri, id, queryId } = await verifier.request(format, { responseMode: 'direct_post' });
      const request = await holder.resolvePresentationRequest(requestUri).catch((error: unknown) => assert.fail(`resolve request: ${describeError(error)}`));
      assert.equal(request.verifier.clientId, `decentralized_identifier:${verifier.did}`);
      assert.ok(request.canBeSatisfied, 'our credential matches Credo’s DCQL query');
      const shared = await holder.present(request).catch(async (error: unknown) => {
        const status = await verifier.status(id).catch(() => undefined);
        return assert.fail(`present ${format}: ${describeError(error)}\nCredo's verifier: ${JSON.stringify(status)}\n${verifier.stderr().split('\n').slice(-20).join('\n')}`);
      });
      assert.deepEqual(shared.shared, [{ queryId, credentialId: record.id }]);
      const status = await verifier.status(id);
      assert.equal(status.state, 'ResponseVerified', `Credo's verifier: ${status.state} ${status.error ?? ''}\n${verifier.stderr().split('\n').slice(-15).join('\n')}`);
      assert.match(JSON.stringify(status.presentations?.[queryId]), /7654321/, 'Credo saw the disclosed gmc_number');
    });
  }
});
