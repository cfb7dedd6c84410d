// The learning portal's pages through inject(): sign-in, the guards of the download journey and
// the validation of its forms (400 with the NHS.UK error summary, keeping what was typed). The
// journey through the gateway in Chromium is test/journeys/training-portal.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { systemClock } from '../../platform/clock.ts';
import { paths } from './academy.ts';
import { DEMO_ACCOUNTS, TRAINING_DEMO_PASSWORD, seedPortalState } from './seed.ts';
import { stateFilePath, zPortalState, type PortalState } from './state.ts';

type Injected = Awaited<ReturnType<Awaited<ReturnType<typeof testApp>>['inject']>>;

/** A page's markup with runs of whitespace as one space, so assertions can read it. */
const flat = (res: Injected) => res.body.replace(/\s+/g, ' ').replace(/> </g, '><').replace(/> /g, '>').replace(/ </g, '<');

/** The CSRF token of a page's form (its cookie is in the visitor's jar). */
function tokenOf(page: Injected): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`page has no form: ${page.statusCode}`);
  return token;
}

describeEachDatabase('learning portal pages', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let dataDir: string;
  let seeded: PortalState;
  const olivia = () => seeded.accounts.find((a) => a.email === DEMO_ACCOUNTS.matching)!;
  const oliviasRecords = () => seeded.records.filter((r) => r.accountId === olivia().id);

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-training-'));
    // The portal's file as it would be after one download: Olivia's first record is in her wallet.
    seeded = await seedPortalState(systemClock);
    seeded.downloads.push({ serialNumber: '6a1f7e3c-2b4d-4c5e-8f90-1a2b3c4d5e6f', recordId: seeded.records.find((r) => r.accountId === seeded.accounts[1]!.id)!.id, accountId: seeded.accounts[1]!.id, downloadedAt: '2026-05-01T09:30:00.000Z', issuer: 'did:web:localhost%3A3000:orgs:XTP01' });
    fs.mkdirSync(path.dirname(stateFilePath(dataDir)), { recursive: true });
    fs.writeFileSync(stateFilePath(dataDir), JSON.stringify(seeded));
    app = await testApp(database(), { DSP_DATA_DIR: dataDir });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser: its cookies, and form posts with the page's CSRF token. */
  function visitor() {
    const cookies = new Map<string, string>();
    const remember = (res: Injected) => {
      for (const c of res.cookies) {
        if (c.value === '' || c.maxAge === 0) cookies.delete(c.name);
        else cookies.set(c.name, c.value);
      }
      return res;
    };
    const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      get: async (url: string) => remember(await app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: cookie() } })),
      async post(url: string, form: Record<string, string>, token?: string) {
        const page = token ? undefined : await this.get(url);
        const csrf = token ?? tokenOf(page!);
        return remember(await app.inject({ method: 'POST', url, headers: { accept: 'text/html', cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...form, _csrf: csrf }).toString() }));
      },
      async signIn(email: string) {
        const page = await this.get(paths.signIn);
        const res = await this.post(paths.signIn, { email, password: TRAINING_DEMO_PASSWORD }, tokenOf(page));
        assert.equal(res.statusCode, 303, res.body);
        return res;
      },
    };
  }

  it('sends a visitor who is not signed in to sign in, from the front door and from every page', async () => {
    const v = visitor();
    assert.equal((await v.get('/demo/training')).headers.location, paths.signIn);
    for (const url of [paths.records, paths.admin, paths.checkIdentity, paths.download(oliviasRecords()[0]!.id), paths.callback]) {
      const res = await v.get(url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, paths.signIn, url);
    }
    const page = await v.get(paths.signIn);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Sign in to the learning portal<\/h1>/);
    assert.match(page.body, /Northern Clinical Skills Academy/);
  });

  it('answers an empty sign-in form with an error summary and a message beside each field', async () => {
    const v = visitor();
    const res = await v.post(paths.signIn, { email: '', password: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Sign in/);
    assert.match(res.body, /There is a problem/);
    assert.match(flat(res), /<a href="#email">Enter your email address<\/a>/);
    assert.match(flat(res), /<a href="#password">Enter your password<\/a>/);
  });

  it('keeps what was typed in the email field, never the password', async () => {
    const v = visitor();
    const badFormat = await v.post(paths.signIn, { email: 'olivia.example.com', password: 'secret-typed-here' });
    assert.equal(badFormat.statusCode, 400);
    assert.match(badFormat.body, /Enter an email address in the correct format, like name@example.com/);
    assert.match(badFormat.body, /value="olivia.example.com"/);
    assert.doesNotMatch(badFormat.body, /secret-typed-here/);
  });

  it('gives the same answer for a wrong password and an unknown email, and signs in with the right one', async () => {
    const v = visitor();
    for (const email of [DEMO_ACCOUNTS.matching, 'nobody@example.com']) {
      const res = await v.post(paths.signIn, { email, password: 'not-the-password' });
      assert.equal(res.statusCode, 400);
      assert.match(flat(res), /<a href="#email">Enter a correct email address and password<\/a>/);
      assert.match(res.body, new RegExp(`value="${email}"`));
    }
    const ok = await v.post(paths.signIn, { email: `  ${DEMO_ACCOUNTS.matching.toUpperCase()} `, password: TRAINING_DEMO_PASSWORD });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, paths.records);
  });

  it('refuses a form post without its CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: paths.signIn, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${encodeURIComponent(DEMO_ACCOUNTS.matching)}&password=${TRAINING_DEMO_PASSWORD}` });
    assert.equal(res.statusCode, 403);
  });

  it('lists the employee’s records with whether each was downloaded, and offers a download only where the passport applies', async () => {
    const v = visitor();
    await v.signIn(DEMO_ACCOUNTS.matching);
    const page = await v.get(paths.records);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Fire Safety/);
    assert.match(page.body, /Resuscitation - Adult Basic Life Support/);
    assert.match(page.body, /Infection Prevention and Control \(Level 2\)/);
    assert.match(flat(page), /Downloaded<\/strong><span class="nhsuk-body-s">on 1 May 2026 at 10:30<\/span>/);
    assert.equal(page.body.match(/Not downloaded/g)?.length, 2);
    assert.match(flat(page), /Download again<span class="nhsuk-u-visually-hidden">for Fire Safety<\/span>/);
    assert.doesNotMatch(page.body, /Daniel|Moving and Handling/, 'only her own records');

    const chris = visitor();
    await chris.signIn(DEMO_ACCOUNTS.notApplicable);
    const his = await chris.get(paths.records);
    assert.match(his.body, /does not apply to your role/);
    assert.doesNotMatch(his.body, /Download to your wallet/);
    const hisRecord = seeded.records.find((r) => r.accountId === seeded.accounts.find((a) => a.email === DEMO_ACCOUNTS.notApplicable)!.id)!;
    assert.equal((await chris.get(paths.download(hisRecord.id))).headers.location, paths.records);
  });

  it('keeps each role to its own pages, and each person to their own records', async () => {
    const employee = visitor();
    await employee.signIn(DEMO_ACCOUNTS.matching);
    assert.equal((await employee.get(paths.admin)).statusCode, 403);
    const danielsRecord = seeded.records.find((r) => r.accountId === seeded.accounts.find((a) => a.email === DEMO_ACCOUNTS.mismatching)!.id)!;
    assert.equal((await employee.get(paths.download(danielsRecord.id))).statusCode, 404);
    assert.equal((await employee.get(paths.checkDownload(danielsRecord.id))).statusCode, 404);
    const admin = visitor();
    const signedIn = await admin.signIn(DEMO_ACCOUNTS.administrator);
    assert.equal(signedIn.headers.location, paths.admin);
    assert.equal((await admin.get(paths.records)).statusCode, 403);
  });

  it('asks to delete the old copy before a re-download, and will not go on until the person confirms it', async () => {
    const v = visitor();
    await v.signIn(DEMO_ACCOUNTS.matching);
    const downloaded = oliviasRecords()[0]!;
    const start = await v.get(paths.download(downloaded.id));
    assert.equal(start.headers.location, paths.alreadyDownloaded(downloaded.id));
    // Out of order: the later steps send the person back to this one.
    assert.equal((await v.get(paths.checkDownload(downloaded.id))).headers.location, paths.alreadyDownloaded(downloaded.id));

    const prompt = await v.get(paths.alreadyDownloaded(downloaded.id));
    assert.equal(prompt.statusCode, 200);
    assert.match(prompt.body, /Delete the old copy from your wallet first/);
    assert.match(prompt.body, /on 1 May 2026 at 10:30/);
    const token = tokenOf(prompt);
    const unticked = await v.post(paths.alreadyDownloaded(downloaded.id), {}, token);
    assert.equal(unticked.statusCode, 400);
    assert.match(flat(unticked), /<a href="#deleted">Confirm that you have deleted the old copy from your wallet<\/a>/);
    const ticked = await v.post(paths.alreadyDownloaded(downloaded.id), { deleted: 'yes' }, token);
    assert.equal(ticked.statusCode, 303);
    assert.equal(ticked.headers.location, paths.checkIdentity, 'then the identity check, not yet done in this session');
    // A record never downloaded goes straight to the identity check.
    assert.equal((await v.get(paths.download(oliviasRecords()[1]!.id))).headers.location, paths.checkIdentity);
    assert.equal((await v.get(paths.checkDownload(oliviasRecords()[1]!.id))).headers.location, paths.checkIdentity);
    const check = await v.get(paths.checkIdentity);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /<h1>Check your identity<\/h1>/);
  });

  it('says plainly when it is not connected to a gateway that knows the academy (no demo world yet)', async () => {
    const v = visitor();
    await v.signIn(DEMO_ACCOUNTS.matching);
    const res = await v.post(paths.checkIdentity, {});
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /The learning portal is not connected to the Digital Staff Passport/);
    assert.match(res.body, /npx dsp demo/);
  });

  it('asks the administrator why a record is being revoked, and answers no choice or an unknown one with an error', async () => {
    const v = visitor();
    await v.signIn(DEMO_ACCOUNTS.administrator);
    const list = await v.get(paths.admin);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /6a1f7e3c-2b4d-4c5e-8f90-1a2b3c4d5e6f/);
    assert.match(flat(list), /Revoke<span class="nhsuk-u-visually-hidden">Fire Safety for Olivia Bennett<\/span>/);
    const url = paths.revoke('6a1f7e3c-2b4d-4c5e-8f90-1a2b3c4d5e6f');
    const form = await v.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Revoke Fire Safety for Olivia Bennett/);
    const token = tokenOf(form);
    for (const body of [{}, { reason: 'BecauseISaidSo' }] as Record<string, string>[]) {
      const res = await v.post(url, body, token);
      assert.equal(res.statusCode, 400);
      assert.match(flat(res), /<a href="#reason">Select why you are revoking this record<\/a>/);
    }
    assert.equal((await v.get(paths.revoke('00000000-0000-4000-8000-000000000000'))).statusCode, 404);
    // Nothing was revoked.
    const state = zPortalState.parse(JSON.parse(fs.readFileSync(stateFilePath(dataDir), 'utf8')));
    assert.equal(state.downloads[0]!.revokedAt, undefined);
  });

  it('signs out with a form post, after which the pages need signing in again', async () => {
    const v = visitor();
    await v.signIn(DEMO_ACCOUNTS.matching);
    const page = await v.get(paths.signOut);
    assert.equal(page.statusCode, 200);
    const out = await v.post(paths.signOut, {}, tokenOf(page));
    assert.equal(out.headers.location, paths.signIn);
    assert.equal((await v.get(paths.records)).headers.location, paths.signIn);
  });
});

it('seeds the portal’s state file on first use, readable by its owner only', async () => {
  const database = await (await import('../../../test/support/databases.ts')).freshDatabase('pglite');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-training-'));
  const app = await testApp(database, { DSP_DATA_DIR: dataDir });
  try {
    assert.equal(fs.existsSync(stateFilePath(dataDir)), false, 'nothing is written before the portal is used');
    assert.equal((await app.inject({ method: 'GET', url: paths.records })).statusCode, 303);
    const state = zPortalState.parse(JSON.parse(fs.readFileSync(stateFilePath(dataDir), 'utf8')));
    assert.deepEqual(state.accounts.map((a) => a.email).sort(), Object.values(DEMO_ACCOUNTS).sort());
    assert.equal(fs.statSync(stateFilePath(dataDir)).mode & 0o777, 0o600);
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
