// The identity service provider simulator as a person uses it, over real HTTP with the holder
// library as the wallet: the passport question, the document form, the check, the wallet
// session with the transaction code read from the outbox, and the DigitalIdentity then shared
// with a trust, whose verifier accepts it from an identity service provider. Also the failed
// check, the form's errors, and pages asked for out of order.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { freePort } from '../support/free-port.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS } from '../../src/core/credentials/index.ts';
import { findOrganisationByOds } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { schema } from '../../src/store/database.ts';
import { eq } from 'drizzle-orm';
import { createCredentialOffer } from '../../src/gateway/oid4vci/index.ts';
import { createPresentationRequest, type PresentationOutcome } from '../../src/gateway/oid4vp/index.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, decodeCredential, subjectClaimsOf, type Holder } from '../../src/wallet/index.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';

type Answer = Awaited<ReturnType<Awaited<ReturnType<typeof testApp>>['inject']>>;

/** What a person types for a passed check (a UK passport, so H1A in the simulator). */
const DETAILS: Record<string, string> = {
  firstName: 'Olivia',
  middleNames: 'Grace',
  lastName: 'Bennett',
  birthDateDay: '12',
  birthDateMonth: '4',
  birthDateYear: '1990',
  legalGender: 'Female',
  nationality: 'British',
  addressLine1: '27 Mill Lane',
  addressLine2: 'Flat 4',
  townOrCity: 'Riverside',
  postcode: 'rv1 4qt',
  documentType: 'Passport',
  documentNumber: '548 213 907',
  documentIssuingCountry: 'GBR',
  documentExpiryDay: '14',
  documentExpiryMonth: '5',
  documentExpiryYear: '2031',
  mobile: '07700 900123',
};

/** The error summary's links as [href, text], in order. */
function errorSummary(html: string): string[][] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="(#[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

/** The value attribute of the named input. */
function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

function newHolder(): Holder {
  return createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
}

describeEachDatabase('identity service provider simulator journey', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let idsp: Organisation;
  let trust: Organisation;
  let cookies: Record<string, string> = {};

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base });
    await seedDemoWorld(database(), systemClock, app.services.keys);
    idsp = (await findOrganisationByOds(database().db, 'IDSP01'))!;
    trust = (await findOrganisationByOds(database().db, 'RZX'))!;
    await app.listen({ host: 'localhost', port });
  });
  after(() => app.close());

  const cookieHeader = () => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Answer) => {
    for (const c of res.cookies) cookies[c.name] = c.value;
  };
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), accept: 'text/html' } });
    remember(res);
    return res;
  };
  const post = async (url: string, form: Record<string, string>) => {
    const page = await get(url);
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...form, _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! }).toString(),
    });
    remember(res);
    return res;
  };
  const location = (res: Answer) => String(res.headers.location);
  const walletLink = (html: string) => /<a href="([^"]+)" class="nhsuk-button"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const idspSessionCount = async () => (await database().db.select().from(schema.walletSessions).where(eq(schema.walletSessions.organisationId, idsp.id))).length;
  const smsCount = async () => (await listOutbox(database().db, { pageSize: 100 })).messages.filter((m) => m.channel === 'sms').length;
  const lastCode = async (to = '+447700900123') => {
    const sms = (await listOutbox(database().db, { pageSize: 100 })).messages.find((m) => m.channel === 'sms' && m.recipient === to)!;
    return /(\d{6}) is your Digital Staff Passport verification code/.exec(sms.body)![1]!;
  };

  /** The document form, posted; returns the answer. */
  const checkDocuments = (details: Record<string, string> = DETAILS) => post('/idsp/IDSP01/documents', details);

  /** Through the check to a wallet holding the DigitalIdentity; returns it and the session. */
  async function receiveDigitalIdentity(holder: Holder) {
    const checked = await checkDocuments();
    assert.equal(checked.statusCode, 303, checked.body);
    assert.equal(location(checked), '/idsp/IDSP01/checking');
    const result = await get('/idsp/IDSP01/checking');
    assert.equal(result.statusCode, 200);
    assert.match(result.body, /Your document has been checked/);
    assert.match(result.body, /Passport ending 3907/);
    assert.match(result.body, /H1A/);
    assert.match(result.body, /High/);
    assert.match(result.body, /mobile number ending 123/);
    const sessionPath = /href="(\/orgs\/IDSP01\/wallet-sessions\/[0-9a-f-]+)"/.exec(result.body)![1]!;

    const sessionPage = await get(sessionPath);
    assert.equal(sessionPage.statusCode, 200);
    const offerUri = walletLink(sessionPage.body);
    assert.match(offerUri, /^openid-credential-offer:\/\//);
    const txCode = await lastCode();
    let asked = false;
    const received = await holder.receive(offerUri, {
      txCode: async () => {
        asked = true;
        return txCode;
      },
    });
    assert.ok(asked, 'the wallet was asked for the transaction code (session binding, D23 a)');
    assert.equal(received.received.length, 1);
    const record = received.received[0]!;
    const done = await get(`${sessionPath}/continue`);
    assert.equal(done.statusCode, 303);
    assert.match(location(done), /^\/idsp\/IDSP01\/done\?walletSession=/);
    const finished = await get(location(done));
    assert.equal(finished.statusCode, 200);
    assert.match(finished.body, /Your digital identity is in your wallet/);
    return { record, claims: subjectClaimsOf(decodeCredential(record.format, record.credential)) };
  }

  /** A trust asks for the DigitalIdentity (and more); the holder shares; returns the verified outcome. */
  async function shareWithTrust(holder: Holder, credentials: { id: string; type: 'DigitalIdentity' | 'AccessKey' }[], claims?: string[]) {
    const request = await database().transaction((tx) =>
      createPresentationRequest(tx, { keys: app.services.keys, clock: systemClock, publicUrl: base }, {
        organisation: trust,
        credentials: credentials.map((c) => (c.type === 'DigitalIdentity' && claims ? { ...c, claims } : c)),
        purpose: 'Identity check',
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 300 },
      }),
    );
    await holder.present(await holder.resolvePresentationRequest(request.requestUri));
    const session = await walletSessions(database().db, scopeOf(trust.id)).get(request.sessionId, new Date());
    assert.equal(session?.state, 'completed', JSON.stringify(session?.failure));
    return session!.outcome as PresentationOutcome;
  }

  it('issues a DigitalIdentity into the wallet after a passed check (code from the outbox), which a trust then verifies', async () => {
    cookies = {};
    const start = await get('/idsp/IDSP01');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /This is a simulator/);
    assert.match(start.body, /Demo Identity Service \(simulated\)/);

    const answered = await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    assert.equal(answered.statusCode, 303);
    assert.equal(location(answered), '/idsp/IDSP01/documents');
    assert.equal((await get('/idsp/IDSP01/documents')).statusCode, 200);

    const holder = newHolder();
    const { record, claims } = await receiveDigitalIdentity(holder);
    assert.equal(record.type, 'DigitalIdentity');
    assert.equal(record.format, 'dc+sd-jwt');
    assert.equal(record.issuer.did, `did:web:localhost%3A${new URL(base).port}:orgs:IDSP01`);
    assert.equal(record.issuer.name, 'Demo Identity Service (simulated)');
    assert.equal(claims.firstName, 'Olivia');
    assert.equal(claims.birthDate, '1990-04-12');
    assert.equal(claims.legalGender, 'Female');
    assert.deepEqual(claims.address, { addressLines: ['27 Mill Lane', 'Flat 4'], townOrCity: 'Riverside', postcode: 'RV1 4QT', country: 'United Kingdom' });
    assert.equal(claims.identityDocumentType, 'Passport');
    assert.equal(claims.identityDocumentNumberEnding, '3907');
    assert.equal(claims.identityDocumentIssuingCountry, 'GBR');
    assert.equal(claims.identityDocumentExpiryDate, '2031-05-14');
    assert.equal(claims.GPG45profile, 'H1A');
    assert.equal(claims.levelOfConfidence, 'High');
    assert.equal(claims.evidenceCheckedBy, 'Demo Identity Service (simulated)');
    assert.match(String(claims.photograph), /^\/9j\//, 'a base64 JPEG');
    assert.match(String(claims.dspId), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a DSP unique identifier minted for a new person');
    // Issuer-signed JWT payload and every Disclosure, decoded: the full number is in none of them.
    const [jwt, ...disclosures] = record.credential.split('~').filter(Boolean);
    const decoded = [jwt!.split('.')[1]!, ...disclosures].map((part) => Buffer.from(part, 'base64url').toString('utf8'));
    assert.ok(decoded.some((text) => text.includes('"3907"')), 'the last four characters are there');
    assert.ok(decoded.every((text) => !text.includes('548213907')), 'the full document number is nowhere in the credential');

    // The trust's identity check: the verifier accepts it from an identity service provider.
    const outcome = await shareWithTrust(holder, [{ id: 'identity', type: 'DigitalIdentity' }], ['photograph', 'firstName', 'lastName', 'birthDate', 'legalGender', 'nationality', 'address', 'GPG45profile']);
    assert.equal(outcome.dspId, claims.dspId);
    const shared = outcome.credentials[0]!;
    assert.equal(shared.type, 'DigitalIdentity');
    assert.equal(shared.issuerName, 'Demo Identity Service (simulated)');
    assert.equal(shared.claims.GPG45profile, 'H1A');
    assert.equal('identityDocumentNumberEnding' in shared.claims, false, 'only what the trust asked for was disclosed');
  });

  it('carries the DSP unique identifier of the access key the person shares first, so the trust can take both together', async () => {
    cookies = {};
    const holder = newHolder();
    // Olivia already has a passport: an access key from Riverside in her wallet.
    const accessKey = await database().transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl: base }, {
        organisation: trust,
        dspId: SAMPLE_DSP_ID,
        credentials: [{ type: 'AccessKey', format: 'dc+sd-jwt', subject: SAMPLE_SUBJECTS.AccessKey }],
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 600 },
      }),
    );
    await holder.receive(accessKey.offerUri, { txCode: async () => accessKey.txCode! });

    const answered = await post('/idsp/IDSP01/passport', { hasPassport: 'yes' });
    assert.equal(answered.statusCode, 303);
    assert.match(location(answered), /^\/orgs\/IDSP01\/wallet-sessions\//);
    const sessionPage = await get(location(answered));
    // The same-device button: the wallet sends the browser back with a response code (D25).
    const presented = await holder.present(await holder.resolvePresentationRequest(walletLink(sessionPage.body)));
    assert.ok(presented.redirectUri);
    const back = await get(new URL(presented.redirectUri!).pathname + new URL(presented.redirectUri!).search);
    assert.equal(back.statusCode, 303);
    assert.match(location(back), /^\/idsp\/IDSP01\/passport\/shared\?walletSession=/);
    const shared = await get(location(back));
    assert.equal(shared.statusCode, 303);
    assert.equal(location(shared), '/idsp/IDSP01/documents');
    assert.match((await get('/idsp/IDSP01/documents')).body, /carry the Digital Staff Passport number from the access key you shared/);

    const { claims } = await receiveDigitalIdentity(holder);
    assert.equal(claims.dspId, SAMPLE_DSP_ID);
    const outcome = await shareWithTrust(holder, [{ id: 'identity', type: 'DigitalIdentity' }, { id: 'access-key', type: 'AccessKey' }]);
    assert.equal(outcome.dspId, SAMPLE_DSP_ID);
    assert.deepEqual(outcome.credentials.map((c) => c.type).sort(), ['AccessKey', 'DigitalIdentity']);
  });

  it('fails the check for a document number ending in 0000: nothing is offered and no text is sent', async () => {
    cookies = {};
    await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    const before = await smsCount();
    const sessionsBefore = await idspSessionCount();
    const checked = await checkDocuments({ ...DETAILS, documentNumber: '548210000' });
    assert.equal(checked.statusCode, 303);
    const result = await get('/idsp/IDSP01/checking');
    assert.equal(result.statusCode, 200);
    assert.match(result.body, /We could not confirm your document is genuine/);
    assert.match(result.body, /Nothing has been added to your wallet/);
    assert.doesNotMatch(result.body, /wallet-sessions/);
    assert.equal(await smsCount(), before);
    assert.equal(await idspSessionCount(), sessionsBefore, 'no wallet session, so no offer');
  });

  it('fails the check for an expired document', async () => {
    cookies = {};
    await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    const checked = await checkDocuments({ ...DETAILS, documentExpiryYear: '2020' });
    assert.equal(checked.statusCode, 303);
    assert.match((await get('/idsp/IDSP01/checking')).body, /Your document has expired/);
  });

  it('answers a form with mistakes with 400, an error summary in page order linking to each field, and what was typed', async () => {
    cookies = {};
    await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    const res = await checkDocuments({
      ...DETAILS,
      firstName: '',
      birthDateDay: '31',
      birthDateMonth: '2',
      postcode: 'not a postcode',
      documentType: '',
      documentNumber: '12',
      documentExpiryDay: '',
      documentExpiryMonth: '',
      documentExpiryYear: '',
      mobile: '01632 960123',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    assert.deepEqual(errorSummary(res.body), [
      ['#firstName', 'Enter your first name'],
      ['#birthDate-day', 'Date of birth must be a real date'],
      ['#postcode', 'Enter a real postcode, like LS1 4AP'],
      ['#documentType', 'Select the type of document'],
      ['#documentNumber', 'Document number must be 5 to 20 letters and numbers'],
      ['#documentExpiry-day', 'Enter the expiry date of your document'],
      ['#mobile', 'Enter a UK mobile number, like 07700 900 982'],
    ]);
    // What was typed is shown again.
    assert.equal(inputValue(res.body, 'lastName'), 'Bennett');
    assert.equal(inputValue(res.body, 'postcode'), 'not a postcode');
    assert.equal(inputValue(res.body, 'birthDateDay'), '31');
    assert.equal(inputValue(res.body, 'mobile'), '01632 960123');
    assert.match(res.body, /<input[^>]*name="legalGender"[^>]*value="Female"[^>]*checked/);
    assert.match(res.body, /<option value="GBR" selected>/);
  });

  it('asks the passport question again with an error when it is not answered', async () => {
    cookies = {};
    const res = await post('/idsp/IDSP01/passport', {});
    assert.equal(res.statusCode, 400);
    assert.deepEqual(errorSummary(res.body), [['#hasPassport', 'Select yes if you already have an NHS Digital Staff Passport']]);
  });

  it('refuses pages asked for out of order', async () => {
    cookies = {};
    const documents = await get('/idsp/IDSP01/documents');
    assert.equal(documents.statusCode, 303);
    assert.equal(location(documents), '/idsp/IDSP01/passport');
    const posted = await app.inject({ method: 'GET', url: '/idsp/IDSP01/checking' });
    assert.equal(posted.statusCode, 303);
    await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    assert.equal(location(await get('/idsp/IDSP01/checking')), '/idsp/IDSP01/documents');
    // Someone else's wallet session (another browser) never shows here.
    const other = await walletSessions(database().db, scopeOf(idsp.id)).create({ kind: 'issuance', purpose: 'x', browserBinding: 'other', returnTo: '/', ttlSeconds: 60, now: new Date() });
    assert.equal((await get(`/idsp/IDSP01/done?walletSession=${other.id}`)).statusCode, 404);
    assert.equal((await get(`/idsp/IDSP01/passport/shared?walletSession=${other.id}`)).statusCode, 404);
  });

  it('keeps no personal data in its journey cookie', async () => {
    cookies = {};
    await post('/idsp/IDSP01/passport', { hasPassport: 'no' });
    await checkDocuments();
    const raw = decodeURIComponent(cookies['dsp-idsp-journey']!);
    const journey = Buffer.from(raw.slice(0, raw.lastIndexOf('.')), 'base64url').toString();
    assert.match(journey, /"GPG45profile":"H1A"/);
    for (const personal of ['Olivia', 'Bennett', '1990', 'Mill Lane', '548213907', '900123']) assert.ok(!journey.includes(personal), personal);
  });

  it('serves only organisations that are identity service providers', async () => {
    for (const url of ['/idsp/RZX', '/idsp/XTP01/passport', '/idsp/NOPE1', '/idsp/RZX/documents']) assert.equal((await get(url)).statusCode, 404, url);
  });

  it('is not served when DSP_IDSP_SIMULATOR is false', async () => {
    const off = await testApp(database(), { DSP_PUBLIC_URL: base, DSP_IDSP_SIMULATOR: 'false' });
    try {
      assert.equal((await off.inject({ method: 'GET', url: '/idsp/IDSP01', headers: { accept: 'text/html' } })).statusCode, 404);
      assert.doesNotMatch((await off.inject({ method: 'GET', url: '/' })).body, /href="\/idsp\/IDSP01"/);
      assert.match((await app.inject({ method: 'GET', url: '/' })).body, /href="\/idsp\/IDSP01"/);
    } finally {
      await off.close();
    }
  });
});
