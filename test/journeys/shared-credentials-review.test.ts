// E9 in Chromium (DOMAIN.md E9.1–E9.5): a person moving from another trust shared credentials that
// trust really issued into their wallet (the holder library), through the gateway
// (test/support/shared-credentials.ts). HR sees the banner, reviews each credential with its live
// verification, accepts some, rejects one with a note (an over-long note first: the error
// summary), resets one, confirms ("Status confirmed"), accepts the rest with "Accept all", and
// completes the credentials required, confirmed twice. Then a bypass for someone who shared less
// than the checklist asks, one of their credentials revoked by its issuer since they shared it.
// axe on every page state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { credentialsRequiredChecklists } from '../../src/store/credentials-required-checklists.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../src/store/shared-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { addStaffPassportAt } from '../support/employee-session.ts';
import { addEmployeeWithWallet, type EmployeePortalServer } from '../support/employee-wallet.ts';
import { startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { issueInto, shareInto } from '../support/shared-credentials.ts';

const ODS = 'JRN91';
const PREVIOUS = 'JRN92';
const GROUP = 'Allied Health Professionals';

describe('E9 review shared credentials and credentials required in Chromium', () => {
  let journey: EmployerJourney;
  let server: EmployeePortalServer;
  let page: Page;
  let n = 0;

  before(async () => {
    journey = await startEmployerJourney({ ods: ODS });
    page = journey.page;
    server = { app: journey.app, base: journey.base, database: journey.database, close: async () => {} };
    const added = await credentialsRequiredChecklists(journey.database.db, scopeOf(journey.organisation.id)).add(
      { staffGroup: GROUP, jobRole: null, employmentType: null, credentialTypes: ['Identity', 'CoreSkill'] },
      'system:test',
    );
    assert.equal(added.outcome, 'added');
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);

  async function mover(issued: Parameters<typeof issueInto>[2], shared: Parameters<typeof shareInto>[4]) {
    n += 1;
    const person = await addEmployeeWithWallet(server, { ods: PREVIOUS, passport: { givenName: 'Sam', familyName: `Okafor${n}`, email: `sam.prev${n}@example.nhs.uk`, mobile: `07700900${String(700 + n)}` } });
    if (issued.length) await issueInto(server, person, issued);
    const { passport } = await addStaffPassportAt(journey.app, {
      ods: ODS,
      passport: { givenName: 'Sam', familyName: `Okafor${n}`, email: `sam${n}@example.nhs.uk`, mobile: `07700900${String(800 + n)}`, staffGroup: GROUP, status: 'credentials-pending' },
      dspId: person.passport.dspId!,
    });
    const list = await shareInto(server, person, journey.organisation, passport.id, shared);
    return { person, passport, list, url: `${journey.base}/trusts/${ODS}/employer/staff-passports/${passport.id}` };
  }
  const idOf = (list: SharedCredential[], type: string) => list.find((c) => c.type === type)!.id;

  it('accept some, reject one with a note, reset, confirm; accept all; complete the credentials required, confirmed twice', async () => {
    const { passport, list, url } = await mover(['CoreSkill', 'DBSCheck', 'RightToWork'], ['Identity', 'CoreSkill', 'DBSCheck', 'RightToWork']);
    await page.goto(url);
    assert.match((await page.locator('#shared-credentials-banner').textContent()) ?? '', /New credentials to review \(4\)/);
    assert.match((await page.locator('#required-progress').textContent()) ?? '', /0 credentials out of 2 completed/);
    await noViolations('passport with credentials to review');

    await page.locator('#shared-credentials-banner').getByRole('button', { name: 'Review shared credentials' }).click();
    await page.waitForSelector('h1:has-text("Review shared credentials")');
    assert.equal(await page.locator('.live-verification').count(), 4);
    assert.match((await page.locator(`#shared-${idOf(list, 'CoreSkill')}`).textContent()) ?? '', /Trusted: Test Trust JRN92/);
    assert.equal(await page.getByRole('button', { name: /Revoke/ }).count(), 0, 'E9.5: never revoke another organisation’s credential');
    await noViolations('review shared credentials');

    await page.getByRole('button', { name: 'Accept Identity', exact: true }).click();
    await page.waitForSelector('text=Your choice is saved.');
    await noViolations('one staged');
    await page.getByRole('button', { name: 'Accept Core skill', exact: true }).click();
    await page.waitForSelector(`#shared-${idOf(list, 'CoreSkill')} .shared-state:has-text("accept, not yet confirmed")`);

    const dbs = idOf(list, 'DBSCheck');
    await page.locator(`#note-${dbs}`).fill('y'.repeat(501));
    await page.getByRole('button', { name: 'Reject shared credential Disclosure and Barring Service (DBS)' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal((await page.locator(`#note-${dbs}`).inputValue()).length, 501, 'what was typed is kept');
    await noViolations('note too long');
    await page.locator(`#note-${dbs}`).fill('The certificate is for a different role');
    await page.getByRole('button', { name: 'Reject shared credential Disclosure and Barring Service (DBS)' }).click();
    await page.waitForSelector(`#shared-${dbs} .shared-state:has-text("reject, not yet confirmed")`);

    await page.getByRole('button', { name: 'Accept Right to work', exact: true }).click();
    await page.waitForSelector('button:has-text("Reset")');
    await page.getByRole('button', { name: 'Reset Right to work' }).click();
    await page.waitForSelector(`#shared-${idOf(list, 'RightToWork')} .shared-state:text-is("To review")`);
    await noViolations('three staged, one reset');

    await page.getByRole('button', { name: 'Confirm decisions (3)' }).click();
    await page.waitForSelector('h1:has-text("Confirm your decisions")');
    assert.match((await page.locator('#to-reject').textContent()) ?? '', /The certificate is for a different role/);
    await noViolations('confirm decisions');
    await page.getByRole('button', { name: 'Yes, confirm' }).click();
    await page.waitForSelector('.nhsuk-notification-banner--success:has-text("Status confirmed")');
    await noViolations('status confirmed');
    const email = (await listOutbox(journey.database.db, { pageSize: 100 })).messages.find((m) => m.recipient === passport.email && m.template === 'shared-credentials-rejected-email');
    assert.match(email?.body ?? '', /reason: The certificate is for a different role/);

    await page.getByRole('button', { name: 'Accept all (1)' }).click();
    await page.waitForSelector('h1:has-text("Confirm your decisions")');
    await page.getByRole('button', { name: 'Yes, confirm' }).click();
    await page.waitForSelector('text=Status confirmed');
    assert.match((await page.locator('#decided').textContent()) ?? '', /Right to work/);
    await noViolations('all reviewed');

    await page.goto(url);
    assert.equal(await page.locator('#shared-credentials-banner').count(), 0);
    assert.match((await page.locator('#required-progress').textContent()) ?? '', /2 credentials out of 2 completed/);
    await noViolations('passport with every required credential');
    await page.getByRole('button', { name: 'Complete credentials required' }).click();
    await page.waitForSelector('h1:has-text("Complete credentials required")');
    await noViolations('complete credentials required');
    await page.getByRole('button', { name: 'Complete credentials required' }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to complete the credentials required?")');
    await noViolations('are you sure (complete)');
    await page.getByRole('button', { name: 'Yes, complete credentials required' }).click();
    await page.waitForSelector('text=Credentials required completed.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Active');
    assert.match((await page.locator('#credentials-reviewed').textContent()) ?? '', /Reviewed: Completed on .* by Hana Reid/);
    await noViolations('passport reviewed');
    assert.equal((await staffPassports(journey.database.db, scopeOf(journey.organisation.id)).findById(passport.id))!.status, 'active');
  });

  it('bypass: a credential revoked since it was shared shows as revoked and is rejected; the rest accepted; bypass confirmed twice', async () => {
    const { person, passport, list, url } = await mover(['DBSCheck'], ['Identity', 'DBSCheck']);
    const dbs = list.find((c) => c.type === 'DBSCheck')!;
    await statusLedger(journey.database.db, scopeOf(person.organisation.id)).revoke(
      { serialNumber: dbs.serialNumber, reason: 'CredentialProvidedInError', actor: 'system:test', correlationId: 'journey' },
      journey.app.employerPortal.clock,
    );
    await page.goto(url);
    assert.equal(await page.getByRole('button', { name: 'Complete credentials required' }).count(), 0);
    await page.locator('#shared-credentials-banner').getByRole('button', { name: 'Review shared credentials' }).click();
    await page.waitForSelector('h1:has-text("Review shared credentials")');
    assert.match((await page.locator(`#shared-${dbs.id}`).textContent()) ?? '', /Revoked by the issuer/);
    assert.equal(await page.getByRole('button', { name: 'Accept Disclosure and Barring Service (DBS)', exact: true }).count(), 0);
    await noViolations('review with a revoked credential');
    // Rejecting needs the reason (DOMAIN.md §9 #16).
    await page.getByRole('button', { name: 'Reject shared credential Disclosure and Barring Service (DBS)' }).click();
    await page.waitForSelector('.nhsuk-error-summary:has-text("Enter the reason for rejecting Disclosure and Barring Service (DBS)")');
    await noViolations('rejection without its reason');
    await page.locator(`#note-${dbs.id}`).fill('Revoked by the trust that issued it');
    await page.getByRole('button', { name: 'Reject shared credential Disclosure and Barring Service (DBS)' }).click();
    await page.waitForSelector(`#shared-${dbs.id} .shared-state:has-text("reject, not yet confirmed")`);
    await page.getByRole('button', { name: 'Accept all (1)' }).click();
    await page.waitForSelector('h1:has-text("Confirm your decisions")');
    await noViolations('confirm with a rejection');
    await page.getByRole('button', { name: 'Yes, confirm' }).click();
    await page.waitForSelector('text=Status confirmed');
    assert.equal((await sharedCredentials(journey.database.db, scopeOf(journey.organisation.id)).get(passport.id, dbs.id))!.state, 'rejected');

    await page.goto(url);
    assert.match((await page.locator('#required-progress').textContent()) ?? '', /1 credential out of 2 completed/);
    assert.equal(await page.getByRole('button', { name: 'Complete credentials required' }).count(), 0);
    await page.getByRole('button', { name: 'Bypass credentials required' }).click();
    await page.waitForSelector('h1:has-text("Bypass credentials required")');
    await noViolations('bypass credentials required');
    await page.getByRole('button', { name: 'Bypass credentials required' }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to bypass the credentials required?")');
    await noViolations('are you sure (bypass)');
    await page.getByRole('button', { name: 'Yes, bypass credentials required' }).click();
    await page.waitForSelector('text=Credentials required bypassed.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Active');
    assert.match((await page.locator('#credentials-reviewed').textContent()) ?? '', /Reviewed: Bypassed on/);
    await noViolations('passport bypassed');
  });
});
