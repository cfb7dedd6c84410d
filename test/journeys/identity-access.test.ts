// E5 in Chromium: the face-to-face route (the form with errors kept, then the identity credential
// and access key pending on the passport page, the access-key email in the outbox) and declining
// access (a reason is required). axe on every page state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { scopeOf } from '../../src/store/scope.ts';

describe('E5 identity and access in Chromium', () => {
  let database: Database;
  let journey: EmployerJourney;
  let page: Page;
  let base: string;
  let organisationId: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'JRN05' });
    ({ database, page, base } = journey);
    organisationId = journey.organisation.id;
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);
  async function passport(givenName: string, email: string) {
    const added = await staffPassports(database.db, scopeOf(organisationId)).add({ givenName, familyName: 'Okoye', dateOfBirth: '1991-07-03', email, status: 'appointment-needed' });
    if (added.outcome !== 'added') throw new Error('not added');
    return `${base}/trusts/JRN05/employer/staff-passports/${added.passport.id}`;
  }

  it('face to face: the form (errors kept), then Identity and Access key pending and the access-key email', async () => {
    await page.goto(await passport('Amara', 'amara@example.nhs.uk'));
    await noViolations('passport awaiting identity');
    await page.getByRole('button', { name: 'Create identity credential (face to face)' }).click();
    await page.waitForSelector('h1:has-text("Create identity credential")');
    await noViolations('form');
    await page.getByLabel('Address line 1').fill('1 Mill Lane');
    await page.getByRole('button', { name: 'Create identity credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('Address line 1').inputValue(), '1 Mill Lane');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Amara');
    await noViolations('form with errors');
    await page.getByLabel('Female').check();
    await page.getByLabel('Permanent or fixed term').check();
    await page.getByLabel('I have checked the original documents in person and these details match them').check();
    await page.getByRole('button', { name: 'Create identity credential' }).click();
    await page.waitForSelector('text=Identity confirmed.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Credentials pending');
    const rows = await page.locator('table.nhsuk-table tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.includes('Pending')), rows.join('|'));
    await noViolations('passport after confirming');
    const emails = (await listOutbox(database.db, { organisationId, pageSize: 50 })).messages.filter((m) => m.recipient === 'amara@example.nhs.uk');
    assert.deepEqual(emails.map((m) => m.template), ['access-key-ready-email']);
  });

  it('declines access: a reason is required', async () => {
    await page.goto(await passport('Bola', 'bola@example.nhs.uk'));
    await page.getByRole('link', { name: 'Decline access' }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to decline access?")');
    await noViolations('decline');
    await page.getByLabel('Details (optional)').fill('Not known to the ward');
    await page.getByRole('button', { name: 'Yes, decline access' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('Details (optional)').inputValue(), 'Not known to the ward');
    await noViolations('decline without a reason');
    await page.getByLabel('Not able to identify as a new starter here').check();
    await page.getByRole('button', { name: 'Yes, decline access' }).click();
    await page.waitForSelector('text=Access declined.');
    await noViolations('passport after declining');
    const emails = (await listOutbox(database.db, { organisationId, pageSize: 50 })).messages.filter((m) => m.recipient === 'bola@example.nhs.uk');
    assert.deepEqual(emails.map((m) => m.template), ['access-declined-email']);
  });
});
