// E5 in Chromium, the digital-identity route (DOMAIN.md E5.3, E5.4, E5.6, E5.8): a passport whose
// holder shared a DigitalIdentity at sign-up (stored on the passport as the sign-up does, from the
// catalogue's sample claims) — the passport page's "Review shared identity", the Confirm identity
// page with the photo and every shared detail, then confirm (employment type and the photo check,
// errors first) ending with the identity credential and access key pending and the access-key
// email; "Not now"; reject (a reason is required) ending on the face-to-face route with the email;
// the expired-passport warning. axe on every page state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { addPassportWithSharedIdentity, sampleSharedIdentity } from '../support/shared-identity.ts';

describe('E5 identity and access in Chromium: a shared digital identity', () => {
  let database: Database;
  let journey: EmployerJourney;
  let page: Page;
  let base: string;
  let organisationId: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'JRN55' });
    ({ database, page, base } = journey);
    organisationId = journey.organisation.id;
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);
  async function passport(email: string, claims: Record<string, unknown> = {}) {
    const { passportId } = await addPassportWithSharedIdentity(database.db, scopeOf(organisationId), { email, shared: sampleSharedIdentity({ claims }) });
    return `${base}/trusts/JRN55/employer/staff-passports/${passportId}`;
  }
  const emailsTo = async (to: string) => (await listOutbox(database.db, { organisationId, pageSize: 100 })).messages.filter((m) => m.recipient === to).map((m) => m.template);

  it('confirm: the shared identity with its photo, the confirmation (errors first), then Identity and Access key pending and the access-key email', async () => {
    await page.goto(await passport('olivia.one@example.nhs.uk'));
    assert.equal(await page.locator('#passport-status').textContent(), 'Identity shared: review needed');
    await noViolations('passport with a shared identity');
    await page.getByRole('button', { name: 'Review shared identity' }).click();
    await page.waitForSelector('h1:has-text("Confirm identity")');
    assert.match((await page.locator('#verified').textContent()) ?? '', /Demo Identity Service \(simulated\) verified this digital identity on 20 November 2026/);
    // The photo is a real JPEG the browser draws.
    assert.ok(await page.locator('#shared-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
    for (const text of ['12 April 1990', 'British', '3907', '14 May 2031', 'H1A']) assert.ok(await page.getByText(text, { exact: false }).first().isVisible(), text);
    await noViolations('confirm identity');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('confirm identity without a choice');
    await page.getByLabel('Yes, I confirm this identity').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Yes, I confirm this identity")');
    await noViolations('confirmation');
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.ok(await page.getByRole('link', { name: 'Select their employment type' }).isVisible());
    await noViolations('confirmation with errors');
    await page.getByLabel('Temporary mover').check();
    await page.getByLabel('I have checked the photo and details are of Olivia Bennett, the person we are employing').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await page.waitForSelector('text=Identity confirmed.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Credentials pending');
    const rows = await page.locator('table.nhsuk-table tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.includes('Pending')), rows.join('|'));
    await noViolations('passport after confirming');
    assert.deepEqual((await emailsTo('olivia.one@example.nhs.uk')).sort(), ['access-key-ready-email']);
  });

  it('not now changes nothing; reject needs a reason, then the face-to-face route and the email', async () => {
    const url = await passport('olivia.two@example.nhs.uk');
    await page.goto(url);
    await page.getByRole('button', { name: 'Review shared identity' }).click();
    await page.getByLabel('Not now').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('text=Nothing was changed.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Identity shared: review needed');
    await noViolations('passport after not now');
    await page.getByRole('button', { name: 'Review shared identity' }).click();
    await page.getByLabel('No, reject this identity credential').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Reject this identity credential")');
    await noViolations('reject');
    await page.getByRole('button', { name: 'Reject identity credential' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('reject without a reason');
    await page.getByLabel('Why are you rejecting it?').fill('The photo does not match the person we interviewed');
    await page.getByRole('button', { name: 'Reject identity credential' }).click();
    await page.waitForSelector('text=Identity credential rejected.');
    assert.equal(await page.locator('#passport-status').textContent(), 'Appointment needed');
    assert.ok(await page.getByRole('button', { name: 'Create identity credential (face to face)' }).isVisible());
    await noViolations('passport after rejecting');
    assert.deepEqual(await emailsTo('olivia.two@example.nhs.uk'), ['shared-identity-rejected-email']);
  });

  it('a passport that has expired: the warning on both pages, and right to work held back on confirming', async () => {
    await page.goto(`${await passport('olivia.three@example.nhs.uk', { identityDocumentExpiryDate: '2020-01-31' })}/identity/shared`);
    await page.getByText('Their passport has expired').waitFor();
    await noViolations('confirm identity, passport expired');
    await page.getByLabel('Yes, I confirm this identity').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Their passport has expired').waitFor();
    await noViolations('confirmation, passport expired');
    await page.getByLabel('Permanent or fixed term').check();
    await page.getByLabel('I have checked the photo and details are of Olivia Bennett, the person we are employing').check();
    await page.getByRole('button', { name: 'Confirm identity' }).click();
    await page.waitForSelector('text=right to work cannot be provided until a valid passport is checked');
    await noViolations('passport after confirming, passport expired');
  });
});
