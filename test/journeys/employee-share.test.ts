// Seed 003 (DOMAIN.md S6) step by step in Chromium, the person's wallet being the holder library
// answering each QR page: log in to the trust's employee portal with its access key (choosing the
// right one of two), Credentials, scroll down to "Share credentials", tick credentials, the
// summary, "Yes, connect to my wallet", the QR code answered by the wallet, the confirmation naming
// the trust. Then "If you try to share credentials you do not have in your digital wallet" (the
// wallet cannot answer; back, deselect it, share the rest) and "Share credentials with a different
// trust" (type and select the trust; No → get that trust's access key first; Yes → log in with that
// trust's key and share there). axe on every page state.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Database } from '../../src/store/database.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials } from '../../src/store/shared-credentials.ts';
import { NoMatchingCredential, type Choices } from '../../src/wallet/index.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addToWallet } from '../support/employee-share.ts';
import { addEmployeeWithWallet, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';

describeEachDatabase('S6 sharing credentials (seed 003) in Chromium', (engineDatabase) => {
  let database: Database;
  let portal: EmployeePortalServer;
  let person: EmployeeWithWallet;
  /** The same person at a second trust, the same wallet (two access keys in it). */
  let elsewhere: EmployeeWithWallet;
  let browser: Browser;
  let page: Page;

  async function noViolations(state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }
  const sharedAt = async (p: EmployeeWithWallet) => (await sharedCredentials(database.db, scopeOf(p.organisation.id)).list(p.passport.id)).map((s) => s.type).sort();
  const recordOf = (p: EmployeeWithWallet, type: string) => p.received.find((r) => r.type === type)!.id;

  /** On the gateway's QR page for a presentation: the QR code's link (the button's, without `flow=same-device`). */
  async function qrOnPage(ods: string): Promise<string> {
    await page.waitForURL(new RegExp(`/orgs/${ods}/wallet-sessions/`));
    await page.waitForSelector('h1:has-text("Share from your wallet")');
    const link = new URL((await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!);
    link.searchParams.set('request_uri', link.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    return link.toString();
  }

  /** "Log in to your trust's … portal": the QR code, the wallet shares the chosen access key, home. */
  async function logIn(at: EmployeeWithWallet, state: string) {
    await page.waitForSelector('h1:has-text("Sign in with your access key")');
    await noViolations(`${state}: sign-in`);
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    const qr = await qrOnPage(at.organisation.odsCode);
    await noViolations(`${state}: sign-in QR code`);
    // "if you have more than one Access Key (login), you will need to select the correct one"
    await at.holder.present(await at.holder.resolvePresentationRequest(qr), { 'access-key': recordOf(at, 'AccessKey') });
    await page.waitForURL(new RegExp(`/trusts/${at.organisation.odsCode}/employee$`));
    await page.waitForSelector('h1:has-text("Your Digital Staff Passport")');
    await noViolations(`${state}: home`);
  }

  before(async () => {
    database = engineDatabase();
    portal = await startEmployeePortal(database);
    person = await addEmployeeWithWallet(portal, { ods: 'JRN30', passport: { givenName: 'Grace', familyName: 'Hopper' } });
    elsewhere = await addEmployeeWithWallet(portal, { ods: 'JRN31', passport: { givenName: 'Grace', familyName: 'Hopper' }, holder: person.holder });
    await addToWallet(portal, person, 'RightToWork');
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('Share credentials with your trust: log in, Credentials, Share credentials, tick, summary, Yes, QR code, confirmation naming the trust', async () => {
    await page.goto(`${portal.base}/trusts/JRN30/employee/sign-in`);
    await logIn(person, 'JRN30');

    // "Select 'Credentials'."
    await page.getByRole('link', { name: 'Credentials' }).first().click();
    await page.waitForSelector('h1:has-text("Your credentials")');
    await noViolations('credentials');

    // "Scroll down the page and click on the link to 'Share credentials'." — first with nothing ticked.
    await page.getByRole('link', { name: 'Share credentials', exact: true }).click();
    await page.waitForSelector('h1:has-text("Share credentials")');
    assert.equal(await page.getByLabel('Access key').count(), 0, 'the access key is not offered');
    await noViolations('choose');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary:has-text("Select the credentials you want to share")');
    await noViolations('choose, nothing ticked');
    await page.goto(`${portal.base}/trusts/JRN30/employee/credentials`);

    // Tick, summary (and its error), "Yes, connect to my wallet", Continue.
    await page.getByRole('link', { name: 'Share credentials', exact: true }).click();
    await page.getByLabel('Identity', { exact: true }).check();
    await page.getByLabel('Right to work', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check the credentials you are sharing")');
    assert.deepEqual(await page.locator('#shared-types li').allTextContents(), ['Identity', 'Right to work']);
    await noViolations('summary');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('summary, unanswered');
    await page.getByLabel('Yes, connect to my wallet').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // "You'll now see another QR code." The wallet scans it and shares.
    const qr = await qrOnPage('JRN30');
    await noViolations('share QR code');
    const shared = await person.holder.present(await person.holder.resolvePresentationRequest(qr), { Identity: recordOf(person, 'Identity') });
    assert.equal(shared.shared.length, 2);

    // "you'll see a message confirming that the listed credentials have been shared with the stated trust."
    await page.waitForURL(/\/trusts\/JRN30\/employee\/credentials\/share\/done$/);
    assert.match(await page.locator('.nhsuk-panel').textContent() ?? '', /You have shared these credentials with Test Trust JRN30/);
    assert.deepEqual(await page.locator('#shared-credentials li').allTextContents(), ['Identity', 'Right to work']);
    await noViolations('shared');
    assert.deepEqual(await sharedAt(person), ['Identity', 'RightToWork']);
  });

  it('If you try to share a credential you do not have in your wallet: the wallet cannot, go back, deselect it, share the rest', async () => {
    await page.goto(`${portal.base}/trusts/JRN30/employee/credentials`);
    await page.getByRole('link', { name: 'Share credentials', exact: true }).click();
    await page.getByLabel('Right to work', { exact: true }).check();
    await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Yes, connect to my wallet').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const qr = await qrOnPage('JRN30');
    // The wallet has no DBS credential: "credential not available".
    const request = await person.holder.resolvePresentationRequest(qr);
    assert.equal(request.canBeSatisfied, false);
    await assert.rejects(person.holder.present(request), NoMatchingCredential);

    // "Return to the page where you selected the credentials … and deselect the credential".
    await page.goBack();
    await page.waitForSelector('h1:has-text("Check the credentials you are sharing")');
    await page.getByRole('link', { name: /Change/ }).click();
    await page.waitForSelector('h1:has-text("Share credentials")');
    assert.equal(await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).isChecked(), true, 'the earlier choice is kept');
    assert.equal(await page.getByLabel('Right to work', { exact: true }).isChecked(), true);
    await noViolations('choose again, earlier choice kept');
    await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Yes, connect to my wallet').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const again = await qrOnPage('JRN30');
    await person.holder.present(await person.holder.resolvePresentationRequest(again));
    await page.waitForURL(/\/credentials\/share\/done$/);
    assert.deepEqual(await page.locator('#shared-credentials li').allTextContents(), ['Right to work']);
    await noViolations('shared the rest');
  });

  it('Share credentials with a different trust: type and select it; No → get its access key first; Yes → log in there and share', async () => {
    await page.goto(`${portal.base}/trusts/JRN30/employee/credentials`);
    // "scroll down the page and select the link to 'Go to a different organisation'."
    await page.getByRole('link', { name: 'Go to a different organisation' }).click();
    await page.waitForSelector('h1:has-text("Go to a different organisation")');
    await noViolations('different organisation');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('.nhsuk-error-summary:has-text("Enter the name of the trust")');
    await noViolations('different organisation, nothing typed');
    // "Type in the name of the trust you want to share credentials with, and select that trust."
    await page.getByLabel('Type the name of the trust').fill('test trust');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('text=Select the trust');
    assert.deepEqual(await page.locator('input[name="organisation"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)), ['JRN31'], 'only the other trust, not the one you are in');
    await noViolations('trusts found');
    await page.getByLabel('Test Trust JRN31').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    // "you'll be asked if you already have access to the Digital Staff Passport for the organisation"
    await page.waitForSelector('h1:has-text("Do you already have access to the Digital Staff Passport for Test Trust JRN31?")');
    await noViolations('access question');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('access question, unanswered');
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("You need an access key for Test Trust JRN31 first")');
    await noViolations('no access');

    // "If you already have access … choose 'Yes' and you will be prompted to log in, using your access key for that trust."
    await page.goBack();
    await page.waitForSelector('h1:has-text("Do you already have access")');
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/trusts\/JRN31\/employee\/sign-in$/);
    await logIn(elsewhere, 'JRN31');

    // "You'll then be able to share credentials using the steps above."
    await page.getByRole('link', { name: 'Credentials' }).first().click();
    await page.waitForSelector('h1:has-text("Your credentials")');
    await page.getByRole('link', { name: 'Share credentials', exact: true }).click();
    await page.getByLabel('Identity', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Yes, connect to my wallet').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const qr = await qrOnPage('JRN31');
    // Two identities in the wallet: the person shares the one about them at this trust.
    const choices: Choices = { Identity: recordOf(elsewhere, 'Identity') };
    await elsewhere.holder.present(await elsewhere.holder.resolvePresentationRequest(qr), choices);
    await page.waitForURL(/\/trusts\/JRN31\/employee\/credentials\/share\/done$/);
    assert.match(await page.locator('.nhsuk-panel').textContent() ?? '', /You have shared these credentials with Test Trust JRN31/);
    await noViolations('shared with the other trust');
    assert.deepEqual(await sharedAt(elsewhere), ['Identity']);
  });
});
