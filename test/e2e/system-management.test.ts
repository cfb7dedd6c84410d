// E3 in Chromium (DOMAIN.md §4.1, D41): a Senior Portal Administrator changes the organisation
// name, adds a team mailbox with the weekly summary, turns auto-provide on and sees the last runs
// of the scheduled jobs, and adds, changes and deletes a credentials-required checklist. axe runs
// on every page state, error states included.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { describeEachDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { addEmployerUser, signInEmployer } from '../support/employer-session.ts';
import { freePort } from '../support/free-port.ts';
import { getCredentialType } from '../../src/core/credentials/catalogue.ts';
import { runTrustJobNow } from '../../src/jobs/trust-jobs.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { credentialsRequiredChecklists } from '../../src/store/credentials-required-checklists.ts';
import { jobRuns } from '../../src/store/job-runs.ts';
import { scopeOf } from '../../src/store/scope.ts';

describeEachDatabase('E3 system management in Chromium', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let page: Page;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base });
    await app.listen({ port, host: 'localhost' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function accessible(label: string): Promise<void> {
    await page.waitForLoadState('load');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${label}:\n${describeViolations(violations)}`);
  }

  it('a senior administrator renames the trust, adds a mailbox, turns auto-provide on, sees the last runs and manages a checklist', async () => {
    const { user, organisation } = await addEmployerUser(app, { ods: 'E3T', role: 'senior-administrator', displayName: 'Sam Senior' });
    const session = await signInEmployer(app, { ods: 'E3T', userId: user.id });
    const context = await browser.newContext();
    await context.addCookies([session.browserCookie(base)]);
    page = await context.newPage();
    const db = database().db;
    const scope = scopeOf(organisation.id);

    // Home → System management (primary navigation).
    await page.goto(`${base}/trusts/E3T/employer`);
    await page.getByRole('link', { name: 'System management' }).first().click();
    await page.waitForURL(/\/system-management$/);
    assert.equal(await page.locator('h1').textContent(), 'System management');
    await accessible('overview, nothing set');

    // Organisation name: an empty name is refused and kept; then changed.
    await page.getByRole('link', { name: 'Change organisation name' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Change organisation details');
    await accessible('organisation details');
    await page.getByLabel('Organisation name').fill('  ');
    await page.getByRole('button', { name: 'Save organisation details' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.match((await page.locator('.nhsuk-error-summary').textContent()) ?? '', /Enter the organisation name/);
    await accessible('organisation details, error');
    await page.getByLabel('Organisation name').fill('East Example Teaching Hospitals NHS Trust');
    await page.getByRole('button', { name: 'Save organisation details' }).click();
    await page.waitForSelector('text=The organisation name has been changed.');
    assert.match((await page.locator('.nhsuk-header').textContent()) ?? '', /East Example Teaching Hospitals NHS Trust/);
    await accessible('overview, renamed');

    // A team mailbox with the weekly summary.
    await page.getByRole('link', { name: 'Add HR mailbox' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Add the HR mailbox');
    await accessible('mailbox');
    await page.getByLabel('HR mailbox email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Save mailbox' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('HR mailbox email address').inputValue(), 'not-an-email');
    await accessible('mailbox, errors');
    await page.getByLabel('HR mailbox email address').fill('hr.team@e3t.example.nhs.uk');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Save mailbox' }).click();
    await page.waitForSelector('text=The team mailbox has been saved.');
    assert.match((await page.locator('#mailboxes + p + dl, .nhsuk-summary-list').nth(1).textContent()) ?? '', /hr\.team@e3t\.example\.nhs\.uk\s*Weekly summary: on/);
    await accessible('overview, mailbox added');

    // Auto-provide on, then the last runs: a run of the weekly summary through the real job, and
    // an auto-provide run as the 11:00 schedule records it.
    await page.getByRole('link', { name: 'Change automatic providing' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Automatic providing');
    assert.match((await page.locator('main').textContent()) ?? '', /around 11:00 each day/);
    await accessible('auto-provide, off');
    await page.getByLabel('Yes, provide them automatically').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('text=Automatic providing is on.');
    const weekly = app.services.trustJobs.find((d) => d.name === 'weekly-summary')!;
    const ran = await runTrustJobNow(app.services.jobs, { database: database(), clock: app.employerPortal.clock }, weekly, organisation.id, `user:${user.id}`);
    assert.equal(ran.outcome, 'finished');
    const runs = jobRuns(db, scope);
    const at = new Date();
    const fired = (await runs.create({ job: 'auto-provide', runKey: `fire:${at.toISOString()}`, trigger: 'schedule', requestedBy: 'system:schedule', now: at }))!;
    await runs.start(fired.id, 1, at);
    await runs.succeed(fired.id, { passports: 5, provided: 3, notified: 2 }, at);
    await page.reload();
    const row = (job: string) => page.locator(`tr[data-job="${job}"]`);
    assert.match((await row('auto-provide').textContent()) ?? '', /On schedule[\s\S]*Succeeded[\s\S]*Provided 3 credentials to 2 people \(5 passports read\)/);
    assert.match((await row('weekly-summary').textContent()) ?? '', /Run by hand[\s\S]*Succeeded[\s\S]*1 mailboxes sent to/);
    assert.match((await row('expiry-sweep').textContent()) ?? '', /Not run yet/);
    await accessible('auto-provide, on, with runs');

    // A checklist: nothing chosen is refused; then added, changed and deleted.
    await page.goto(`${base}/trusts/E3T/employer/system-management`);
    assert.match((await page.locator('main').textContent()) ?? '', /Provided 3 credentials to 2 people/);
    await page.getByRole('link', { name: 'Manage checklists' }).click();
    await accessible('checklists, none');
    await page.getByRole('button', { name: 'Add a checklist' }).click();
    await accessible('add checklist');
    await page.getByLabel('Job role (optional)').fill('Foundation Doctor');
    await page.getByRole('button', { name: 'Save checklist' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.match((await page.locator('.nhsuk-error-summary').textContent()) ?? '', /Select a staff group[\s\S]*Select at least one credential/);
    assert.equal(await page.getByLabel('Job role (optional)').inputValue(), 'Foundation Doctor');
    await accessible('add checklist, errors');
    await page.getByLabel('Staff group').selectOption('Medical and Dental');
    await page.getByLabel('Temporary mover').check();
    for (const type of ['Identity', 'RightToWork', 'DBSCheck'] as const) await page.getByLabel(getCredentialType(type).display.name, { exact: true }).check();
    await page.getByRole('button', { name: 'Save checklist' }).click();
    await page.waitForSelector('text=The checklist has been added.');
    const table = (await page.locator('table').textContent()) ?? '';
    assert.match(table, /Medical and Dental\s*Foundation Doctor\s*Temporary mover/);
    await accessible('checklists, one');
    const [saved] = await credentialsRequiredChecklists(db, scope).list();
    assert.deepEqual(saved?.credentialTypes, ['Identity', 'RightToWork', 'DBSCheck']);

    await page.getByRole('link', { name: /^Change checklist for Medical and Dental/ }).click();
    await accessible('change checklist');
    await page.getByLabel(getCredentialType('DBSCheck').display.name, { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Save checklist' }).click();
    await page.waitForSelector('text=The checklist has been changed.');
    assert.deepEqual((await credentialsRequiredChecklists(db, scope).findById(saved!.id))?.credentialTypes, ['Identity', 'RightToWork']);

    await page.getByRole('link', { name: /^Delete checklist for Medical and Dental/ }).click();
    assert.equal(await page.locator('h1').textContent(), 'Delete this checklist?');
    await accessible('delete checklist');
    await page.getByRole('button', { name: 'Delete checklist' }).click();
    await page.waitForSelector('text=The checklist has been deleted.');
    await accessible('checklists, deleted');

    // Every change is in the trust's audit log with the user as actor.
    const actions = (await listAudit(db, organisation.id, { actor: `user:${user.id}` })).map((e) => e.action).sort();
    assert.deepEqual(actions, [
      'auto-provide.switched-on',
      'credentials-required-checklist.added',
      'credentials-required-checklist.changed',
      'credentials-required-checklist.deleted',
      'organisation.renamed',
      'team-mailbox.added',
    ]);
    await context.close();
  });
});
