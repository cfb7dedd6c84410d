// E6 and E7 in Chromium (docs/architecture.md D40): from the staff passport page an HR user
// connects the passport to ESR by assignment number (after an error), checks the side-by-side page
// and confirms; changes the number; disconnects; connects again and provides from ESR (select all,
// the attestation after its error, confirm), sees the pending credentials on the passport page and
// the email and text message in the outbox; providing again offers nothing new. axe on every state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDemoPersonPassport, startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { scopeOf } from '../../src/store/scope.ts';

const DEMO_NUMBER = '30412876';

describe('E6 connect to ESR and E7 provide from ESR in Chromium', () => {
  let database: Database;
  let journey: EmployerJourney;
  let page: Page;
  let base: string;
  let organisationId: string;
  let passportId: string;
  let passportUrl: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: 'RZX', esr: true });
    ({ database, page, base } = journey);
    organisationId = journey.organisation.id;
    passportId = await addDemoPersonPassport(journey);
    passportUrl = `${base}/trusts/RZX/employer/staff-passports/${passportId}`;
  });
  after(() => journey?.close());

  const noViolations = (state: string) => journey.noViolations(state);
  const passport = async () => (await staffPassports(database.db, scopeOf(organisationId)).findById(passportId))!;

  async function connect(number: string, state: string) {
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill(number);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check this is the right person in ESR")');
    await noViolations(`side by side (${state})`);
    await page.getByRole('button', { name: 'Yes, this is the correct staff member' }).click();
    await page.waitForSelector('text=Olivia Bennett is now connected to ESR.');
    await noViolations(`connected (${state})`);
  }

  it('E6: connects from the passport page by assignment number, after an error, with the side-by-side page', async () => {
    await page.goto(passportUrl);
    await page.getByText('Connect the passport to ESR before providing credentials from ESR.').waitFor();
    await noViolations('passport page, not connected');
    await page.getByRole('link', { name: 'Connect to ESR' }).click();
    await noViolations('assignment number form');
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill('99999999');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel("What is Olivia Bennett's ESR assignment number?").inputValue(), '99999999');
    await noViolations('assignment number not found');
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill(DEMO_NUMBER);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check this is the right person in ESR")');
    assert.equal(await page.getByText('Does not match').count(), 0);
    await noViolations('side by side, matching');
    await page.getByRole('button', { name: 'Yes, this is the correct staff member' }).click();
    await page.waitForSelector('text=Olivia Bennett is now connected to ESR.');
    await noViolations('connected');
    assert.equal((await passport()).esrAssignmentNumber, DEMO_NUMBER);

    await page.goto(passportUrl);
    await page.getByText(`${DEMO_NUMBER} (connected)`).waitFor();
    await page.getByRole('button', { name: 'Provide credentials from ESR' }).waitFor();
    await noViolations('passport page, connected');
  });

  it('E6: changes the number from the passport page (a mismatch shown side by side), then disconnects once confirmed', async () => {
    const someone = [...journey.world!.simulator.store().people('RZX')].find((r) => r.person.personId !== '510482736')!;
    const number = someone.assignments[0]!.assignmentNumber;
    await page.getByRole('link', { name: 'Change ESR assignment number' }).click();
    await page.getByText('Changing the number disconnects the passport').waitFor();
    await noViolations('change form');
    await page.getByLabel("What is Olivia Bennett's ESR assignment number?").fill(number);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check this is the right person in ESR")');
    assert.ok((await page.getByText('Does not match').count()) >= 1);
    await noViolations('side by side, not matching');
    await page.getByRole('button', { name: 'Yes, this is the correct staff member' }).click();
    await page.waitForSelector('text=Olivia Bennett is now connected to ESR.');
    assert.equal((await passport()).esrAssignmentNumber, number);

    await page.getByRole('link', { name: 'Disconnect from ESR' }).click();
    await page.waitForSelector('h1:has-text("Are you sure you want to disconnect this passport from ESR?")');
    await noViolations('disconnect confirmation');
    await page.getByRole('button', { name: 'Yes, disconnect from ESR' }).click();
    await page.waitForSelector('text=Olivia Bennett has been disconnected from ESR.');
    await noViolations('disconnected');
    assert.equal((await passport()).esrLinkState, 'unlinked');

    await page.goto(passportUrl);
    const history = await page.locator('#history li strong').allTextContents();
    assert.deepEqual(history.filter((t) => t.includes('ESR')), ['Disconnected from ESR', 'Connected to ESR', 'Disconnected from ESR', 'Connected to ESR']);
  });

  it('E7: provides from ESR (select all, the attestation), the credentials pending on the passport page, email and text sent; again offers nothing new', async () => {
    await page.getByRole('link', { name: 'Connect to ESR' }).click();
    await connect(DEMO_NUMBER, 'again');
    await page.goto(passportUrl);
    await page.getByRole('button', { name: 'Provide credentials from ESR' }).click();
    await page.waitForSelector('text=The ESR request is complete.');
    await noViolations('provide, nothing ticked');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('provide, nothing chosen');
    await page.getByRole('link', { name: 'Select all' }).click();
    await page.waitForSelector('input[name="items"]:checked');
    const boxes = page.locator('input[name="items"]');
    const count = await boxes.count();
    assert.ok(count >= 5, `ESR offers the demo person's credentials (${count})`);
    assert.equal(await page.locator('input[name="items"]:checked').count(), count);
    await noViolations('provide, all selected');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check the credentials you are providing")');
    await noViolations('confirm');
    await page.getByRole('button', { name: 'Provide credentials' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    await noViolations('confirm without the attestation');
    await page.getByLabel('I confirm these details are correct and that reasonable care has been taken to check them before providing them').check();
    await page.getByRole('button', { name: 'Provide credentials' }).click();
    await page.waitForSelector('h1:has-text("Credentials provided")');
    assert.equal(await page.locator('#pending tbody tr').count(), count);
    await noViolations('done');

    await page.getByRole('link', { name: 'Go back to the staff passport' }).click();
    await page.waitForSelector('h1:has-text("Olivia Bennett")');
    const states = await page.locator('table.nhsuk-table tbody tr td:nth-child(2)').allTextContents();
    assert.equal(states.length, count);
    assert.ok(states.every((s) => s.trim() === 'Pending'), states.join());
    await noViolations('passport page with pending credentials');
    const stored = await providedCredentials(database.db, scopeOf(organisationId)).listForPassport(passportId);
    assert.equal(stored.length, count);
    assert.ok(stored.every((c) => c.state === 'pending' && c.source === 'esr'));

    const outbox = (await listOutbox(database.db, { organisationId, pageSize: 200 })).messages.filter((m) => m.template.startsWith('credentials-provided'));
    assert.deepEqual(outbox.map((m) => [m.template, m.recipient]).sort(), [['credentials-provided-email', 'olivia.bennett@example.nhs.uk'], ['credentials-provided-sms', (await passport()).mobile]]);

    await page.getByRole('button', { name: 'Provide credentials from ESR' }).click();
    await page.waitForSelector('text=There is nothing new to provide');
    assert.equal(await page.locator('input[name="items"]').count(), 0);
    await noViolations('provide again, nothing new');
    assert.equal((await providedCredentials(database.db, scopeOf(organisationId)).listForPassport(passportId)).length, count);
  });
});
