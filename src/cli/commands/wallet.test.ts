// dsp wallet …: the CLI wallet receives and presents against Open DSP over real HTTP, keeps its
// files private, needs no database (the process test runs with no data directory at all), and
// prints each refusal as the wallet error's human message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { TRUST_TYPES, startOpenDsp, type PresentationOutcome } from '../../../test/support/open-dsp.ts';
import { executeCommand } from '../execute.ts';

const root = path.resolve(import.meta.dirname, '../../..');

/** `dsp …` as a process, in a directory with no .dsp and no DATABASE_URL. */
function dspProcess(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(root, 'bin/dsp.js'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describeEachDatabase('dsp wallet', (database) => {
  let dsp: Awaited<ReturnType<typeof startOpenDsp>>;
  let cwd: string;
  before(async () => {
    dsp = await startOpenDsp(database(), 'RCL');
    cwd = await mkdtemp(path.join(tmpdir(), 'dsp-wallet-'));
  });
  after(async () => {
    await dsp.close();
    await rm(cwd, { recursive: true, force: true });
  });

  const dspWallet = async (...args: string[]) => {
    const out = await executeCommand(undefined, ['wallet', ...args, '--json'], { env: {}, cwd });
    return { ...out, json: JSON.parse(out.stdout || '{}') as Record<string, unknown> };
  };

  it('runs as a process without a database: init makes a wallet key readable only by its owner, and list answers', async () => {
    const init = await dspProcess(['wallet', 'init', '--json'], cwd);
    assert.equal(init.code, 0, init.stderr);
    const created = JSON.parse(init.stdout) as { outcome: string; walletDir: string; keyId: string; did: string };
    assert.equal(created.outcome, 'created');
    assert.equal(created.walletDir, path.join(cwd, '.dsp', 'wallet'));
    assert.match(created.did, /^did:jwk:/);
    const keyFile = path.join(created.walletDir, 'keys', `${created.keyId}.jwk.json`);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(cwd), ['.dsp']);
    assert.deepEqual(await readdir(path.join(cwd, '.dsp')), ['wallet'], 'no database was opened');
    const list = await dspProcess(['wallet', 'list'], cwd);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /No credentials/);
  });

  it('receives every catalogue type a trust issues in both formats with --tx-code and lists them', async () => {
    const { offerUri, txCode } = await dsp.offer(TRUST_TYPES.flatMap((type) => (['dc+sd-jwt', 'jwt_vc_json'] as const).map((format) => ({ type, format }))));
    const received = await dspWallet('receive', offerUri, '--tx-code', txCode!);
    assert.equal(received.exitCode, 0, received.stdout);
    assert.equal((received.json.credentials as unknown[]).length, TRUST_TYPES.length * 2);
    const list = await dspWallet('list');
    const types = new Set((list.json.credentials as { type: string; format: string }[]).map((c) => `${c.type}/${c.format}`));
    for (const type of TRUST_TYPES) for (const format of ['dc+sd-jwt', 'jwt_vc_json']) assert.ok(types.has(`${type}/${format}`), `${type}/${format}`);
    const files = await readdir(path.join(cwd, '.dsp', 'wallet', 'credentials'));
    assert.equal((await stat(path.join(cwd, '.dsp', 'wallet', 'credentials', files[0]!))).mode & 0o777, 0o600);
  });

  it('presents every catalogue type a trust issues, in both formats', async () => {
    for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
      const { requestUri, sessionId } = await dsp.request(TRUST_TYPES.map((type) => ({ id: type, type, formats: [format] })));
      const presented = await dspWallet('present', requestUri);
      assert.equal(presented.exitCode, 0, presented.stdout);
      const outcome = (await dsp.session(sessionId))?.outcome as PresentationOutcome;
      assert.equal(outcome.credentials.length, TRUST_TYPES.length);
      assert.ok(outcome.credentials.every((c) => c.format === format));
    }
  });

  it('asks to choose when two credentials match (exit 1, naming the candidates), and presents the one given with --choose', async () => {
    const second = await dsp.offer([{ type: 'AccessKey', format: 'dc+sd-jwt' }], { mode: 'holder-key' });
    const got = await dspWallet('receive', second.offerUri);
    assert.equal(got.exitCode, 0, got.stdout);
    const chosenId = (got.json.credentials as { id: string }[])[0]!.id;
    const { requestUri, sessionId } = await dsp.request([{ id: 'accessKey', type: 'AccessKey', formats: ['dc+sd-jwt'] }]);
    const ambiguous = await dspWallet('present', requestUri);
    assert.equal(ambiguous.exitCode, 1);
    assert.equal(ambiguous.json.code, 'choice_required');
    assert.equal((ambiguous.json.candidates as string[]).length, 2);
    assert.ok((ambiguous.json.candidates as string[]).includes(chosenId));
    // A request can be fetched once (D25): the person starts again and chooses.
    assert.equal((await dsp.session(sessionId))?.state, 'in_progress');
    const again = await dsp.request([{ id: 'accessKey', type: 'AccessKey', formats: ['dc+sd-jwt'] }]);
    const chosen = await dspWallet('present', again.requestUri, '--choose', `accessKey=${chosenId}`);
    assert.equal(chosen.exitCode, 0, chosen.stdout);
    assert.deepEqual(chosen.json.shared, [{ queryId: 'accessKey', credentialId: chosenId }]);
    const outcome = (await dsp.session(again.sessionId))?.outcome as PresentationOutcome;
    assert.equal(outcome.credentials.length, 1);
  });

  it('declines with --decline, and the verifier records it as declined', async () => {
    const { requestUri, sessionId } = await dsp.request([{ id: 'identity', type: 'Identity' }]);
    const declined = await dspWallet('present', requestUri, '--decline');
    assert.equal(declined.json.outcome, 'declined');
    assert.equal((await dsp.session(sessionId))?.failure, 'declined');
  });

  it('shows and deletes a credential; an unknown id is refused with a message', async () => {
    const [first] = (await dspWallet('list')).json.credentials as { id: string }[];
    const shown = await dspWallet('show', first!.id);
    assert.equal(shown.exitCode, 0);
    assert.ok(typeof shown.json.claims === 'object');
    const deleted = await dspWallet('delete', first!.id);
    assert.deepEqual(deleted.json, { outcome: 'deleted', id: first!.id, issuerNotified: true });
    const again = await executeCommand(undefined, ['wallet', 'show', first!.id], { env: {}, cwd });
    assert.equal(again.exitCode, 1);
    assert.match(again.stderr, /There is no credential .* in this wallet/);
  });

  it('prints the human message of a refusal: an offer needing a transaction code when none is given', async () => {
    const { offerUri } = await dsp.offer([{ type: 'Identity', format: 'dc+sd-jwt' }]);
    const out = await executeCommand(undefined, ['wallet', 'receive', offerUri], { env: {}, cwd });
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /^Error: This offer needs a transaction code/);
  });

  it('refuses to work on a wallet that was never created', async () => {
    const out = await executeCommand(undefined, ['wallet', 'list', '--wallet-dir', 'nowhere', '--json'], { env: {}, cwd });
    assert.equal(out.exitCode, 1);
    assert.equal((JSON.parse(out.stdout) as { code: string }).code, 'wallet_not_initialised');
  });
});
