// E12 in Chromium: from the staff passport page an HR user provides a temporary placement
// credential: eligibility, the position (an end date before the start first: the error summary,
// what was typed kept), the department ("Other" with its name), the licence to attend (nothing
// chosen first), check answers, Change the position and back, confirm; the done page; the pending
// credential on the passport page, the email and text in the outbox. axe on every page state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { addDemoPersonPassport, startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';

describe('E12 temporary placement credential in Chromium', () => {
  let journey: EmployerJourney;
  let page: Page;
  let passportUrl: string;
  let passportId: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'RZX' });
    page = journey.page;
    passportId = await addDemoPersonPassport(journey);
    passportUrl = `${journey.base}/trusts/RZX/employer/staff-passports/${passportId}`;
  });
  after(() => journey?.close());

  const heading = async () => (await page.locator('h1').textContent())?.trim();
  async function fillDate(legend: string, d: string, m: string, y: string) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(d);
    await group.getByLabel('Month').fill(m);
    await group.getByLabel('Year').fill(y);
  }

  it('provides a temporary placement through every step', async () => {
    await page.goto(passportUrl);
    await page.getByRole('link', { name: 'Provide a temporary placement credential' }).click();
    assert.equal(await heading(), 'Provide a temporary placement credential');
    assert.match(await page.locator('main').innerText(), /employment assignment credentials only/);
    await journey.noViolations('eligibility');
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await heading(), 'Position details');
    await journey.noViolations('position');
    await page.getByLabel('Position title').fill('Clinical fellow');
    await page.getByLabel('I do not know the position number').check();
    await page.getByLabel('Brief description of the work pattern').fill('Thursdays in the endoscopy unit');
    await fillDate('Start date', '1', '10', '2026');
    await fillDate('End date', '1', '9', '2026');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await heading(), 'Position details');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /The end date must be after the start date/);
    assert.equal(await page.getByLabel('Position title').inputValue(), 'Clinical fellow');
    await journey.noViolations('position with an error');
    await fillDate('End date', '31', '3', '2027');
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await heading(), 'Department details');
    await journey.noViolations('department');
    await page.getByLabel('Permanent employer', { exact: true }).selectOption('other');
    await page.getByLabel('If Other, the name of the permanent employer').fill('Northfield Lead Employer');
    await page.getByLabel('Department', { exact: true }).fill('Gastroenterology');
    await page.getByLabel('Department contact name').fill('Sam Patel');
    await page.getByLabel('Department contact email address').fill('sam.patel@example.nhs.uk');
    await page.getByLabel('HR contact').fill('Medical staffing team');
    await page.getByLabel('Approved by').fill('Dr Okafor');
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await heading(), 'Licence to attend');
    await journey.noViolations('licence');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Select whether this is a Licence to attend/);
    await journey.noViolations('licence with an error');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await heading(), 'Check the temporary placement details');
    const summary = await page.locator('main').innerText();
    for (const text of ['Clinical fellow', 'Not known', '1 October 2026', '31 March 2027', 'Northfield Lead Employer', 'Gastroenterology', 'Yes, under the DSP terms and conditions']) assert.ok(summary.includes(text), text);
    assert.doesNotMatch(page.url(), /Clinical|Gastro/);
    await journey.noViolations('check answers');
    await page.getByRole('button', { name: 'Change position details' }).click();
    assert.equal(await heading(), 'Position details');
    await page.getByLabel('Position title').fill('Clinical research fellow');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(await heading(), 'Check the temporary placement details');
    assert.match(await page.locator('main').innerText(), /Clinical research fellow/);
    await page.getByRole('button', { name: 'Confirm and provide' }).click();

    assert.equal(await heading(), 'Temporary placement credential provided');
    await journey.noViolations('done');
    await page.getByRole('button', { name: 'Back to the staff passport' }).click();
    assert.match(await page.locator('main').innerText(), /Temporary placement/);
    await journey.noViolations('passport page');

    const credentials = await providedCredentials(journey.database.db, scopeOf(journey.organisation.id)).listForPassport(passportId);
    assert.deepEqual(credentials.map((c) => [c.credentialType, c.state, c.subject.positionTitle]), [['TemporaryPlacement', 'pending', 'Clinical research fellow']]);
    const outbox = (await listOutbox(journey.database.db, { organisationId: journey.organisation.id, pageSize: 50 })).messages;
    assert.deepEqual(outbox.map((m) => m.template).sort(), ['credentials-provided-email', 'credentials-provided-sms']);
  });
});
