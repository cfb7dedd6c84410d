// E10 in Chromium (DOMAIN.md E10), on PGlite and PostgreSQL, axe on every page state: from the
// staff passport, View credentials; withdraw a pending credential (every attribute shown, no
// reason first: the error summary); revoke an accepted one (Other without words first: the error
// summary with the choice kept), after which the holder's wallet shares it and it fails
// verification; archive the revoked one (hidden until "Include archived credentials"); archive
// and restore an accepted one; revoke all for a leaver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createPresentationRequest } from '../../src/gateway/oid4vp/index.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployeeWithWallet, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';
import { addEmployerUser, signInEmployer } from '../support/employer-session.ts';

const ODS = 'RCJ01';

describeEachDatabase('E10 withdraw, revoke, archive and restore in Chromium', (database) => {
  let server: EmployeePortalServer;
  let browser: Browser;
  let page: Page;
  let person: EmployeeWithWallet;

  before(async () => {
    server = await startEmployeePortal(database());
    const { user } = await addEmployerUser(server.app, { ods: ODS, role: 'administrator', displayName: 'Hana Reid' });
    const session = await signInEmployer(server.app, { ods: ODS, userId: user.id });
    person = await addEmployeeWithWallet(server, { ods: ODS });
    // A pending credential: a newer identity version the person has not reviewed yet.
    await providedCredentials(database().db, scopeOf(person.organisation.id)).provide(
      person.passport.id,
      [{ type: 'Identity', subject: person.identity.subject, title: 'Identity (updated)', slotKey: 'journey-updated', dedupeKey: 'journey-updated', supersedes: null, expiresAt: null }],
      { source: 'manual', actor: 'system:test', now: new Date() },
    );
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.addCookies([session.browserCookie(server.base)]);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function noViolations(state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }
  const row = (title: string) => page.locator('#credentials tr', { has: page.getByRole('cell', { name: title, exact: true }) });
  const stateOf = async (title: string) => (await row(title).locator('td').nth(1).textContent())?.trim();

  it('withdraws the pending credential with a reason', async () => {
    await page.goto(`${server.base}/trusts/${ODS}/employer/staff-passports/${person.passport.id}`);
    await noViolations('staff passport');
    await page.getByRole('link', { name: 'View credentials' }).click();
    await page.waitForSelector('h1:has-text("Credentials")');
    await noViolations('credentials');
    await row('Identity (updated)').getByRole('link', { name: /Withdraw/ }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to withdraw this credential?")');
    assert.ok(await page.getByText('Olivia', { exact: true }).first().isVisible(), 'the attributes are shown');
    await noViolations('withdraw');
    await page.getByRole('button', { name: 'Yes, withdraw credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.ok(await page.getByRole('link', { name: 'Select why you are withdrawing this credential' }).isVisible());
    await noViolations('withdraw with an error');
    await page.getByLabel('Credential issued in error').check();
    await page.getByRole('button', { name: 'Yes, withdraw credential' }).click();
    await page.getByText('Credential withdrawn.').waitFor();
    assert.equal(await stateOf('Identity (updated)'), 'Withdrawn');
    await noViolations('credentials after withdrawing');
  });

  it('revokes the accepted identity; shared again, it fails verification', async () => {
    await row('Identity').getByRole('link', { name: /Revoke/ }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to revoke this credential?")');
    await noViolations('revoke');
    await page.getByRole('radio', { name: 'Another reason' }).check();
    await noViolations('revoke with Other chosen');
    await page.getByRole('button', { name: 'Yes, revoke credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.ok(await page.getByRole('radio', { name: 'Another reason' }).isChecked());
    await noViolations('revoke with an error');
    await page.getByLabel('Give the reason if it is not listed').fill('Name was misspelt');
    await page.getByRole('button', { name: 'Yes, revoke credential' }).click();
    await page.getByText('Credential revoked.').waitFor();
    assert.equal(await stateOf('Identity'), 'Revoked');
    await noViolations('credentials after revoking');

    const request = await database().transaction((tx) =>
      createPresentationRequest(tx, { keys: server.app.services.keys, clock: server.app.employerPortal.clock, publicUrl: server.base }, {
        organisation: person.organisation,
        credentials: [{ id: 'identity', type: 'Identity' }],
        purpose: 'Check identity',
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 300 },
      }),
    );
    await person.holder.present(await person.holder.resolvePresentationRequest(request.requestUri)).catch(() => undefined);
    const s = await walletSessions(database().db, scopeOf(person.organisation.id)).get(request.sessionId, new Date());
    assert.equal(s?.state, 'failed');
    assert.equal(s?.failure, 'credential_revoked');
  });

  it('archives the revoked credential (hidden until included); archives and restores the access key', async () => {
    await row('Identity').getByRole('link', { name: /Archive/ }).click();
    await page.waitForSelector('h1:has-text("Archive this credential?")');
    await noViolations('archive');
    await page.getByRole('button', { name: 'Archive this credential' }).click();
    await page.getByText('Credential archived.').waitFor();
    assert.equal(await row('Identity').count(), 0);
    await noViolations('credentials without the archived one');
    await page.getByLabel('Include archived credentials').check();
    await page.getByRole('button', { name: 'Update list' }).click();
    await page.waitForURL(/archived=yes/);
    assert.equal(await stateOf('Identity'), 'Archived');
    assert.equal(await row('Identity').getByRole('link', { name: /Restore/ }).count(), 0, 'a revoked credential is not restored');
    await noViolations('credentials including archived');

    const accessKey = person.accessKey.title;
    await row(accessKey).getByRole('link', { name: /Archive/ }).click();
    await page.getByRole('button', { name: 'Archive this credential' }).click();
    await page.getByText('Credential archived.').waitFor();
    await page.goto(`${server.base}/trusts/${ODS}/employer/staff-passports/${person.passport.id}/credentials?archived=yes`);
    await row(accessKey).getByRole('link', { name: /Restore/ }).click();
    await page.waitForSelector('h1:has-text("Restore this credential?")');
    await noViolations('restore');
    await page.getByRole('button', { name: 'Restore this credential' }).click();
    await page.getByText('Credential restored.').waitFor();
    assert.equal(await stateOf(accessKey), 'Accepted (in their wallet)');
    await noViolations('credentials after restoring');
  });

  it('revokes all for a leaver: the passport is deactivated', async () => {
    await page.getByRole('button', { name: 'Revoke all credentials (leaving)' }).click();
    await page.waitForSelector('h1:has-text("Revoke all credentials because Olivia is leaving?")');
    await noViolations('revoke all');
    await page.getByRole('button', { name: 'Yes, revoke all credentials' }).click();
    await page.getByText('has been revoked, and the passport is deactivated').waitFor();
    assert.equal(await stateOf(person.accessKey.title), 'Revoked');
    await noViolations('credentials after revoking all');
    assert.equal((await staffPassports(database().db, scopeOf(person.organisation.id)).findById(person.passport.id))?.status, 'deactivated');
  });
});
