// Seed 000 "Managing credential requests" (DOMAIN.md E8, docs/architecture.md D44) in Chromium, as
// written: the home page's credential request category with View, the user's name, the banner
// "Review credential requests", the ESR assignment number prompt for a passport not yet connected
// (then the side-by-side check) and the automatic ESR check for one connected, "Provide
// credentials", provide or reject each credential (a reject without a reason is refused, choices
// kept), the confirmation listing provided and rejected, "Yes, continue with this selection",
// Continue and the success message. axe on every page state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDemoPersonPassport, startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { credentialRequests } from '../../src/store/credential-requests.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';

describe('E8 manage credential requests (seed 000) in Chromium', () => {
  let database: Database;
  let journey: EmployerJourney;
  let page: Page;
  let base: string;
  let organisationId: string;
  let passportId: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'RZX', esr: true });
    ({ database, page, base } = journey);
    organisationId = journey.organisation.id;
    passportId = await addDemoPersonPassport(journey);
    // The staff member's request, as the employee portal will make it.
    await credentialRequests(database.db, scopeOf(organisationId)).create({ passportId, types: ['EmploymentAssignment', 'CoreSkill', 'ProfessionalRegistration'], at: new Date() });
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);
  const group = (name: string) => page.getByRole('group', { name });

  it('not connected to ESR: the assignment number prompt, then provide two, reject one with a reason, confirm, success', async () => {
    // The category on the home screen, with View.
    await page.goto(`${base}/trusts/RZX/employer`);
    await page.getByText('1 staff member has requested credentials').waitFor();
    await noViolations('home with a credential request');
    await page.getByRole('link', { name: 'View credential requests' }).click();
    await page.waitForSelector('h1:has-text("Credential requests")');
    await noViolations('credential requests list');
    // Select the user's name.
    await page.getByRole('link', { name: 'Olivia Bennett' }).click();
    await page.getByText('Olivia Bennett has requested credentials').waitFor();
    await noViolations('user profile with the banner');
    await page.getByRole('button', { name: 'Review credential requests' }).click();
    // Not linked to ESR: the assignment number prompt (an unknown number first).
    await noViolations('ESR assignment number prompt');
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill('99999999');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel("What is Olivia Bennett's ESR assignment number?").inputValue(), '99999999');
    await noViolations('ESR assignment number prompt with an error');
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill('30412876');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check this is the right person in ESR")');
    await noViolations('side by side');
    await page.getByRole('button', { name: 'Yes, this is the correct staff member' }).click();
    // Back in the review: the automatic check of ESR data, then Provide credentials.
    await page.getByText('The ESR request is complete.').waitFor();
    await noViolations('ESR check complete');
    await page.getByRole('button', { name: 'Provide credentials' }).click();
    await page.waitForSelector('h1:has-text("Credential requests")');
    await noViolations('credential requests list to decide');
    await group('Confirmation of assignment').getByLabel('Provide').check();
    await group('Core skills training information').getByLabel('Provide').check();
    await group('Professional registration').getByLabel('Reject').check();
    await noViolations('decisions chosen');
    await page.getByRole('button', { name: 'Continue' }).click();
    // A rejection needs a reason: the error summary, the choices kept.
    await page.waitForSelector('.nhsuk-error-summary');
    assert.ok(await page.getByRole('link', { name: 'Enter a reason for rejecting Professional registration' }).isVisible());
    assert.ok(await group('Confirmation of assignment').getByLabel('Provide').isChecked());
    assert.ok(await group('Professional registration').getByLabel('Reject').isChecked());
    await noViolations('decisions with an error');
    await page.getByLabel('Reason for rejecting Professional registration').fill('Your registration is checked by the professional body, not held in ESR');
    await page.getByRole('button', { name: 'Continue' }).click();
    // The confirmation: provided and rejected.
    await page.waitForSelector('h1:has-text("Confirm credential requests status")');
    assert.ok(await page.getByText('Your registration is checked by the professional body, not held in ESR').isVisible());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('confirmation with an error');
    await page.getByLabel('Yes, continue with this selection').check();
    await noViolations('confirmation');
    await page.getByRole('button', { name: 'Continue' }).click();
    // The success message.
    await page.waitForSelector('h1:has-text("Credential requests reviewed")');
    assert.ok(await page.getByText('You have reviewed the credential requests for Olivia Bennett').isVisible());
    await noViolations('success');

    const scope = scopeOf(organisationId);
    const provided = await providedCredentials(database.db, scope).versionsOf(passportId);
    assert.ok(provided.some((c) => c.credentialType === 'EmploymentAssignment'));
    assert.ok(provided.some((c) => c.credentialType === 'CoreSkill'));
    assert.equal(await credentialRequests(database.db, scope).countAwaitingReview(), 0);
    const outbox = (await listOutbox(database.db, { organisationId, pageSize: 50 })).messages.map((m) => m.template);
    assert.ok(outbox.includes('credential-request-reviewed-email'));
    assert.ok(outbox.includes('credentials-provided-email'));
  });

  it('connected to ESR: the automatic ESR check, then provide, confirm and success', async () => {
    await credentialRequests(database.db, scopeOf(organisationId)).create({ passportId, types: ['CoreSkill'], at: new Date() });
    await page.goto(`${base}/trusts/RZX/employer`);
    await page.getByRole('link', { name: 'View credential requests' }).click();
    await page.getByRole('link', { name: 'Olivia Bennett' }).click();
    await page.getByRole('button', { name: 'Review credential requests' }).click();
    // Already connected: no prompt, the automatic check.
    await page.getByText('The ESR request is complete.').waitFor();
    assert.equal(await page.getByLabel("What is Olivia Bennett's ESR assignment number?").count(), 0);
    await noViolations('automatic ESR check');
    await page.getByRole('button', { name: 'Provide credentials' }).click();
    await group('Core skills training information').getByLabel('Provide').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Yes, continue with this selection').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Credential requests reviewed")');
    assert.ok(await page.getByText('You have reviewed the credential requests for Olivia Bennett').isVisible());
    await noViolations('success, already provided');
    await page.goto(`${base}/trusts/RZX/employer/credential-requests`);
    assert.ok(await page.getByText('There are no credential requests to review.').isVisible());
    await noViolations('empty list');
  });
});
