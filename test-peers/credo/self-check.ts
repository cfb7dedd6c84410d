// Self-check for the holder peer: runs a local Credo issuer and verifier (Credo's own
// OpenId4VcModule issuer and verifier, not ours) shaped like the project's gateway, and drives
// holder-cli.ts against them as a child process, the way the main project's interop test will.
//
//   node --import ../../node_modules/tsx/dist/loader.mjs self-check.ts     (from test-peers/credo)
//
// What the local peer imitates: an issuer and verifier on http://localhost:<port> whose DID is
// did:web:localhost%3A<port>:orgs:SELF (document at /orgs/SELF/did.json), credential offers by
// reference with a numeric tx_code, both dc+sd-jwt and jwt_vc_json, holder binding by jwk,
// did:jwk or did:key, and signed OpenID4VP requests with a `decentralized_identifier:` client id,
// answered with direct_post and direct_post.jwt.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DcqlQuery } from '@credo-ts/core';
import { VCT, W3C_TYPE, startIssuerVerifier } from './issuer-verifier.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface CliReply {
  ok: boolean;
  result?: Record<string, unknown> & { credentials?: Array<Record<string, unknown>> };
  error?: { code: string; message: string };
}

function cli(args: string[]): Promise<CliReply & { ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(here, 'holder-cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve({ ...(JSON.parse(stdout.trim().split('\n').pop() ?? '') as CliReply), ms: Math.round(performance.now() - started) });
      } catch {
        reject(new Error(`holder-cli printed no JSON: ${stdout}`));
      }
    });
  });
}

const peer = await startIssuerVerifier();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credo-holder-'));
const store = path.join(dir, 'wallet.json');
const log = (what: string, value: unknown) => console.log(`${what}:`, typeof value === 'string' ? value : JSON.stringify(value));
try {
  // 1. dc+sd-jwt with a tx_code; binding auto → jwk
  const sd = await peer.offer('SelfCheck_dc_sd_jwt', true);
  log('offer', sd.offerUri);
  const missingTx = await cli(['receive', sd.offerUri, '--store', store]);
  assert.equal(missingTx.ok, false);
  assert.equal(missingTx.error?.code, 'tx_code_required');
  const received = await cli(['receive', sd.offerUri, '--tx-code', String(sd.txCode), '--store', store]);
  assert.ok(received.ok, JSON.stringify(received.error));
  const sdCredential = received.result!.credentials![0]!;
  log(`receive dc+sd-jwt (${received.ms} ms)`, { binding: sdCredential.holderBinding, issuer: sdCredential.issuer, claims: sdCredential.claims });
  assert.equal((sdCredential.holderBinding as { method: string }).method, 'jwk');

  // 2. jwt_vc_json without tx_code; binding auto → did:jwk
  const w3c = await peer.offer('SelfCheck_jwt_vc_json', false);
  const receivedW3c = await cli(['receive', w3c.offerUri, '--store', store]);
  assert.ok(receivedW3c.ok, JSON.stringify(receivedW3c.error));
  const w3cCredential = receivedW3c.result!.credentials![0]!;
  log(`receive jwt_vc_json (${receivedW3c.ms} ms)`, { binding: w3cCredential.holderBinding, type: w3cCredential.type });
  assert.match(String((w3cCredential.holderBinding as { did?: string }).did), /^did:jwk:/);

  // 2b. jwt_vc_json with a credentialStatus (as ours has) is accepted too
  const w3cStatus = await peer.offer('SelfCheck_jwt_vc_json', false, true);
  const receivedStatus = await cli(['receive', w3cStatus.offerUri, '--store', path.join(dir, 'other-wallet.json')]);
  assert.ok(receivedStatus.ok, JSON.stringify(receivedStatus.error));
  log('receive jwt_vc_json with credentialStatus', (receivedStatus.result!.credentials![0]!.claims as { credentialStatus?: unknown }).credentialStatus);

  // 3. dc+sd-jwt bound to a did:key, by choice
  const sdKey = await peer.offer('SelfCheck_dc_sd_jwt', false);
  const receivedKey = await cli(['receive', sdKey.offerUri, '--binding', 'did:key', '--store', store]);
  assert.ok(receivedKey.ok, JSON.stringify(receivedKey.error));
  log('receive dc+sd-jwt --binding did:key', receivedKey.result!.credentials![0]!.holderBinding);

  const listed = await cli(['list', '--store', store]);
  assert.ok(listed.ok);
  log('list', (listed.result as unknown as Array<{ id: string; format: string }>).map((c) => `${c.format} ${c.id}`));

  // 4. presentations: signed request, decentralized_identifier client id, both response modes
  const sdQuery: DcqlQuery = { credentials: [{ id: 'staff', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [{ path: ['gmc_number'] }] }] };
  for (const mode of ['direct_post', 'direct_post.jwt'] as const) {
    const { requestUri, sessionId } = await peer.request(sdQuery, mode);
    if (mode === 'direct_post') log('request', requestUri);
    const presented = await cli(['present', requestUri, '--store', store]);
    assert.ok(presented.ok, JSON.stringify(presented.error));
    const verification = await peer.verification(sessionId);
    log(`present dc+sd-jwt ${mode} (${presented.ms} ms)`, { reply: presented.result, verifier: verification.state });
    assert.equal(presented.result!.ok, true);
    assert.equal(verification.state, 'ResponseVerified');
  }
  {
    const { requestUri, sessionId, posted } = await peer.request(sdQuery, 'direct_post.jwt', 'post');
    log('request (post)', requestUri);
    const presented = await cli(['present', requestUri, '--store', store]);
    assert.ok(presented.ok, JSON.stringify(presented.error));
    const verification = await peer.verification(sessionId);
    log('present dc+sd-jwt direct_post.jwt, request_uri_method=post', { verifier: verification.state, postedToRequestUri: posted });
    assert.equal(verification.state, 'ResponseVerified');
    assert.equal(posted.length, 1);
  }
  const w3cQuery: DcqlQuery = {
    credentials: [{ id: 'staff', format: 'jwt_vc_json', meta: { type_values: [W3C_TYPE] }, claims: [{ path: ['credentialSubject', 'gmc_number'] }] }],
  };
  const w3cRequest = await peer.request(w3cQuery, 'direct_post');
  const presentedW3c = await cli(['present', w3cRequest.requestUri, '--store', store]);
  assert.ok(presentedW3c.ok, JSON.stringify(presentedW3c.error));
  const w3cVerification = await peer.verification(w3cRequest.sessionId);
  log(`present jwt_vc_json direct_post (${presentedW3c.ms} ms)`, { verifier: w3cVerification.state, error: w3cVerification.error });
  assert.equal(w3cVerification.state, 'ResponseVerified');

  // 5. a query nothing matches is refused before anything is sent
  const none = await peer.request({ credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['urn:nothing'] } }] }, 'direct_post');
  const refused = await cli(['present', none.requestUri, '--store', store]);
  assert.equal(refused.error?.code, 'dcql_unsatisfied');
  console.log('self-check passed');
} finally {
  await peer.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
