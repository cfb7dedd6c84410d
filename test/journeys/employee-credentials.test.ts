// S4, S8 and S10 in Chromium, the person's wallet being the holder library answering each QR page
// (test/support/employee-wallet.ts): review and accept a new credential (the page moves on by
// itself when the wallet is done), a wallet without the key refused, reject another after the
// error summary, reissue the accepted one (the old serial revoked), and a revoked and a withdrawn
// credential's pages. axe on every page state.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE_SUBJECTS, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import type { Database } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployeeWithWallet, newHolder, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';

describeEachDatabase('S4, S8, S10 the person’s credentials in Chromium', (engineDatabase) => {
  let database: Database;
  let portal: EmployeePortalServer;
  let person: EmployeeWithWallet;
  let browser: Browser;
  let page: Page;
  let list: string;

  async function provide(types: CredentialTypeId[]) {
    const scope = scopeOf(person.organisation.id);
    return database.transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const items = types.map((type) => {
        const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS[type];
        return { type, subject };
      });
      const plan = planProvision(items, await store.versionsOf(person.passport.id), new Date());
      return store.provide(person.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now: new Date() });
    });
  }
  const stored = async (id: string) => (await providedCredentials(database.db, scopeOf(person.organisation.id)).findById(id))!;

  async function noViolations(state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }

  /** On the gateway's QR page: the link the "Open your wallet" button carries (the same as the QR code's for an offer). */
  async function offerOnPage(): Promise<string> {
    await page.waitForURL(/\/orgs\/JRN09\/wallet-sessions\//);
    await page.waitForSelector('h1:has-text("Add to your wallet")');
    const href = await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href');
    assert.match(href ?? '', /^openid-credential-offer:\/\//);
    return href!;
  }

  before(async () => {
    database = engineDatabase();
    portal = await startEmployeePortal(database);
    person = await addEmployeeWithWallet(portal, { ods: 'JRN09', passport: { givenName: 'Priya', familyName: 'Shah' } });
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.addCookies([person.session.browserCookie(portal.base)]);
    page = await context.newPage();
    list = `${portal.base}/trusts/JRN09/employee/credentials`;
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
  });

  let assignmentUrl: string;
  let assignmentId: string;

  it('S4: reviews a new credential and accepts it; the QR page answered by the wallet moves on to the green notice', async () => {
    const [assignment] = await provide(['EmploymentAssignment', 'DBSCheck', 'ProfessionalRegistration']);
    assignmentId = assignment!.id;
    await page.goto(list);
    assert.equal(await page.locator('h1').textContent(), 'Your credentials');
    await noViolations('list with new credentials');
    await page.getByRole('link', { name: /Review and add Employment assignment/ }).click();
    await page.waitForSelector('h1:has-text("Employment assignment")');
    assignmentUrl = page.url();
    assert.match(await page.locator('#credential-state').textContent() ?? '', /New/);
    await noViolations('new credential');

    await page.getByRole('button', { name: 'Accept credential and add it to my wallet' }).click();
    const offer = await offerOnPage();
    await noViolations('QR page');
    const { received } = await person.holder.receive(offer);
    assert.equal(received[0]!.type, 'EmploymentAssignment');
    await page.waitForURL(`${assignmentUrl}?done=added`);
    assert.match(await page.locator('.nhsuk-notification-banner').textContent() ?? '', /Employment assignment has been added to your wallet/);
    assert.equal((await page.locator('#credential-state').textContent())?.trim(), 'In your wallet');
    await noViolations('added to the wallet');
    assert.equal((await stored(assignmentId)).state, 'accepted');
  });

  it('S4: a wallet without the person’s key is refused with the gateway’s page', async () => {
    await page.goto(list);
    await page.getByRole('link', { name: /Review and add Professional registration/ }).click();
    await page.getByRole('button', { name: 'Accept credential and add it to my wallet' }).click();
    const offer = await offerOnPage();
    await assert.rejects(newHolder().receive(offer));
    await page.waitForSelector('text=Start again');
    await noViolations('wrong wallet');
    await page.getByRole('button', { name: 'Start again' }).or(page.getByRole('link', { name: 'Start again' })).click();
    await page.waitForSelector('h1:has-text("Professional registration")');
    assert.match(await page.locator('#credential-state').textContent() ?? '', /New/);
  });

  it('S4: rejects a credential with a reason after the error summary', async () => {
    await page.goto(list);
    await page.getByRole('link', { name: /Review and add Disclosure and Barring Service/ }).click();
    await page.getByRole('link', { name: 'Reject this credential' }).click();
    await page.waitForSelector('h1:has-text("Reject this credential")');
    await noViolations('reject form');
    await page.getByRole('button', { name: 'Reject credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.match(await page.locator('.nhsuk-error-summary').textContent() ?? '', /Select why you are rejecting this credential/);
    await noViolations('reject form with no reason');
    await page.getByLabel('Other').check();
    await page.getByRole('button', { name: 'Reject credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary:has-text("Enter why you are rejecting this credential")');
    assert.equal(await page.getByLabel('Other').isChecked(), true, 'the choice is kept');
    await noViolations('reject form, other without details');
    await page.getByLabel('Details').fill('My certificate number is wrong');
    await page.getByRole('button', { name: 'Reject credential' }).click();
    await page.waitForURL(/\?done=rejected$/);
    assert.match(await page.locator('#rejection-reason').textContent() ?? '', /Other/);
    assert.match(await page.locator('main').textContent() ?? '', /My certificate number is wrong/);
    await noViolations('rejected');
    await page.goto(list);
    assert.match(await page.locator('#rejected').textContent() ?? '', /Rejected by you \(1\)/);
    await noViolations('list with rejected and accepted credentials');
  });

  it('S8: reissues the accepted credential to the wallet; the old copy is revoked at once', async () => {
    const before = (await stored(assignmentId)).serialNumber!;
    await page.goto(assignmentUrl);
    await page.getByRole('button', { name: 'Reissue to wallet' }).click();
    await page.waitForSelector('h1:has-text("Reissue to wallet")');
    await noViolations('reissue confirmation');
    await page.getByRole('button', { name: 'Yes, add credential to my wallet' }).click();
    const offer = await offerOnPage();
    await person.holder.receive(offer);
    await page.waitForURL(`${assignmentUrl}?done=reissued`);
    assert.match(await page.locator('.nhsuk-notification-banner').textContent() ?? '', /A new copy of Employment assignment has been added to your wallet/);
    await noViolations('reissued');
    const after = (await stored(assignmentId)).serialNumber!;
    assert.notEqual(after, before);
    const ledger = statusLedger(database.db, scopeOf(person.organisation.id));
    assert.equal((await ledger.find(before))[0]?.state, 'revoked');
    assert.equal((await ledger.find(after))[0]?.state, 'valid');
  });

  it('S10: a revoked credential shows the reason and how to delete it from the wallet; a withdrawn one cannot be accepted', async () => {
    const store = providedCredentials(database.db, scopeOf(person.organisation.id));
    await store.transition(person.identity.id, 'revoke', { now: new Date(), reason: 'CredentialProvidedInError' });
    await page.goto(list);
    await noViolations('list with a past credential');
    await page.goto(`${list}/${person.identity.id}`);
    assert.equal((await page.locator('#revocation-reason').textContent())?.trim(), 'It was provided in error');
    assert.match(await page.locator('main').textContent() ?? '', /Select delete \(the bin icon\)/);
    await noViolations('revoked credential');

    const [core] = await provide(['CoreSkill']);
    await store.transition(core!.id, 'withdraw', { now: new Date(), reason: 'Recorded against the wrong person' });
    await page.goto(`${list}/${core!.id}`);
    assert.match(await page.locator('main').textContent() ?? '', /withdrawn by Test Trust JRN09 on .* You can no longer accept it/);
    assert.equal(await page.getByRole('button', { name: 'Accept credential and add it to my wallet' }).count(), 0);
    await noViolations('withdrawn credential');
  });
});
