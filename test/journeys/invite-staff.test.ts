// E4 and E15 in Chromium (docs/architecture.md D42): an HR user invites one person with the form
// (after a validation error), uploads a CSV with a bad row (its errors shown, nothing sent), sends
// the corrected file, resends an invitation, deletes a passport and uses the staff list's search,
// filters and paging — with axe on every page state.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { scopeOf } from '../../src/store/scope.ts';

describe('E4 invite staff, E15 delete, and the staff list in Chromium', () => {
  let database: Database;
  let journey: EmployerJourney;
  let page: Page;
  let base: string;
  let organisationId: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'JRN01' });
    ({ database, page, base } = journey);
    organisationId = journey.organisation.id;
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);
  const emails = async () => (await listOutbox(database.db, { organisationId, pageSize: 200 })).messages.filter((m) => m.template === 'staff-invitation-email');

  it('invites one person with the form, after an error summary that kept what was typed', async () => {
    await page.goto(`${base}/trusts/JRN01/employer/staff-passports`);
    assert.ok(await page.getByText('There are no staff passports yet.').isVisible());
    await noViolations('empty list');
    await page.getByRole('link', { name: 'Invite a member of staff' }).click();
    await noViolations('single form');
    await page.getByLabel('First name').fill('Amara');
    await page.getByLabel('Email address').fill('amara@example');
    await page.getByRole('button', { name: 'Yes, create this passport and send the invitation' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Amara');
    assert.ok(await page.getByRole('link', { name: 'Enter a last name' }).isVisible());
    await noViolations('single form with errors');
    await page.getByLabel('Last name').fill('Okoye');
    await page.getByLabel('Email address').fill('amara.okoye@example.nhs.uk');
    await page.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await page.getByRole('button', { name: 'Yes, create this passport and send the invitation' }).click();
    await page.waitForSelector('h1:has-text("Amara Okoye")');
    assert.ok(await page.getByText('Staff passport created.').isVisible());
    assert.equal(await page.locator('#passport-status').textContent(), 'Invitation sent');
    await noViolations('passport page');
    assert.deepEqual((await emails()).map((m) => m.recipient), ['amara.okoye@example.nhs.uk']);
  });

  it('reports a CSV file\'s bad row and sends nothing, then sends the corrected file', async () => {
    await page.goto(`${base}/trusts/JRN01/employer/staff-passports/invite-csv`);
    await noViolations('CSV form');
    const header = 'firstName,lastName,email,staffGroup';
    // The template downloads as a file with the header row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the CSV template' }).click()]);
    assert.equal(download.suggestedFilename(), 'invite-staff-template.csv');
    const template = await readFile(await download.path());
    assert.match(template.toString('utf8'), /^firstName,lastName,dateOfBirth,email,mobile,staffGroup,/);
    // A file chosen in the browser, as Excel saves it: a byte order mark and CRLF line ends.
    const csv = (rows: string[]) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([header, ...rows].join('\r\n'))]);
    await page.getByLabel('Upload a CSV file').setInputFiles({ name: 'rotation.csv', mimeType: 'text/csv', buffer: csv(['Ben,Cole,ben.cole@example.nhs.uk,Medical and Dental', 'Cara,Dunn,not-an-email,Medical and Dental']) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.ok(await page.getByRole('link', { name: /Line 3: Email address: Enter an email address/ }).isVisible());
    assert.equal(await page.getByRole('button', { name: 'Upload records and send invitations' }).count(), 0);
    await noViolations('CSV check with a bad row');
    assert.equal((await emails()).length, 1);

    await page.getByLabel('Upload the corrected CSV file').setInputFiles({ name: 'rotation.csv', mimeType: 'text/csv', buffer: csv(['Ben,Cole,ben.cole@example.nhs.uk,Medical and Dental', 'Cara,Dunn,cara.dunn@example.nhs.uk,Medical and Dental']) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.waitForSelector('h1:has-text("Check the 2 people to invite")');
    await noViolations('CSV check ready to send');
    await page.getByRole('button', { name: 'Upload records and send invitations' }).click();
    await page.waitForSelector('text=2 invitations sent.');
    await noViolations('list after sending');
    assert.deepEqual((await emails()).map((m) => m.recipient).sort(), ['amara.okoye@example.nhs.uk', 'ben.cole@example.nhs.uk', 'cara.dunn@example.nhs.uk']);
  });

  it('resends an invitation and deletes a passport', async () => {
    await page.getByRole('link', { name: 'Cole, Ben' }).click();
    await page.getByRole('button', { name: 'Resend invitation' }).click();
    await page.waitForSelector('text=The invitation was sent again.');
    await noViolations('passport page after resend');
    assert.equal((await emails()).filter((m) => m.recipient === 'ben.cole@example.nhs.uk').length, 2);

    await page.getByRole('link', { name: 'Delete passport from records' }).click();
    await noViolations('delete confirmation');
    await page.getByRole('button', { name: 'Yes, delete this passport' }).click();
    await page.waitForSelector('text=The staff passport was deleted.');
    assert.equal(await page.getByRole('link', { name: 'Cole, Ben' }).count(), 0);
    assert.equal(await staffPassports(database.db, scopeOf(organisationId)).findByEmail('ben.cole@example.nhs.uk'), undefined);
  });

  it('searches, filters and pages the staff list', async () => {
    const passports = staffPassports(database.db, scopeOf(organisationId));
    for (let i = 0; i < 40; i++) await passports.add({ givenName: `Person${i}`, familyName: `Zulu${String(i).padStart(2, '0')}`, email: `zulu${i}@example.nhs.uk`, status: i % 4 === 0 ? 'identity-shared' : 'active' });
    await page.goto(`${base}/trusts/JRN01/employer/staff-passports`);
    assert.equal(await page.locator('#results-count').textContent(), 'Showing 1 to 25 of 42 staff passports');
    await page.locator('.nhsuk-pagination a[rel="next"]').click();
    await page.waitForSelector('text=Showing 26 to 42 of 42 staff passports');
    await noViolations('list page 2');
    await page.getByLabel('Search by name, email address or ESR assignment number').fill('okoye');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('text=Showing 1 to 1 of 1 staff passport');
    assert.ok(await page.getByRole('link', { name: 'Okoye, Amara' }).isVisible());
    await page.getByRole('link', { name: 'Clear search and filters' }).click();
    await page.getByLabel('Action needed').selectOption('review-identity');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('text=Showing 1 to 10 of 10 staff passports');
    await noViolations('list filtered by action');
    await page.getByLabel('Action needed').selectOption('');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('text=Showing 1 to 25 of 30 staff passports');
    await page.getByLabel('Search by name, email address or ESR assignment number').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('text=No staff passports match your search.');
    await noViolations('list with no results');
  });
});
