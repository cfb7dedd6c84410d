// E11 and E13 in Chromium with axe on every page state: a credential rejected by staff reached
// from the home page's "Action needed", resolved and unresolved; a new access key (the accepted
// one revoked) and a new Identity credential from the passport's "Manage passport".
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { schema } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { confirmedPerson } from '../support/employee-access-key.ts';
import { startEmployerJourney, type EmployerJourney } from '../support/employer-journey.ts';

const ODS = 'JRN11';

describe('E11 and E13 in Chromium', () => {
  let journey: EmployerJourney;
  let page: Page;
  let base: string;

  before(async () => {
    journey = await startEmployerJourney({ ods: ODS });
    ({ page, base } = journey);
  });
  after(() => journey?.close());
  const noViolations = (state: string) => journey.noViolations(state);

  it('E11: Action needed → the rejected credential with its reason and suggested handling → Resolve → Unresolve', async () => {
    const person = await confirmedPerson({ app: journey.app, database: journey.database }, { ods: ODS });
    const id = randomUUID();
    const now = new Date();
    await journey.database.db.insert(schema.providedCredentials).values({
      id, organisationId: journey.organisation.id, passportId: person.passport.id, credentialType: 'NewStarterInformation', subject: {}, title: 'New starter information',
      source: 'manual', slotKey: `slot-${id}`, state: 'declined', stateReason: 'incorrect-information: wrong start date', providedAt: now, providedBy: 'system:test', stateChangedAt: now,
    });
    await page.goto(`${base}/trusts/${ODS}/employer`);
    await page.waitForSelector('#staff-rejections');
    await noViolations('home with Action needed');
    await page.locator('#staff-rejections a').click();
    await page.waitForSelector('h1:has-text("Credentials rejected by staff")');
    assert.match((await page.locator('#to-resolve').textContent()) ?? '', /The information is incorrect: wrong start date[\s\S]*provide the credential again/);
    await noViolations('rejections to resolve');
    await page.getByRole('button', { name: /Resolve New starter information/ }).click();
    await page.waitForSelector('text=Marked as resolved.');
    assert.match((await page.locator('#resolved').textContent()) ?? '', /Resolved on .* by Hana Reid/);
    await noViolations('resolved');
    await page.getByRole('button', { name: /Unresolve New starter information/ }).click();
    await page.waitForSelector('text=Marked as not resolved.');
    assert.equal(await page.locator('#resolved').count(), 0);
    await noViolations('unresolved');
  });

  it('E13: Manage passport → new access key (confirm, the old one revoked) and a new identity credential (confirm details) → history', async () => {
    const person = await confirmedPerson({ app: journey.app, database: journey.database }, { ods: ODS });
    const credentials = providedCredentials(journey.database.db, scopeOf(journey.organisation.id));
    const oldKey = (await credentials.listForPassport(person.passport.id)).find((c) => c.credentialType === 'AccessKey')!;
    await credentials.transition(oldKey.id, 'accept', { now: new Date(), serialNumber: randomUUID() });
    await page.goto(`${base}/trusts/${ODS}/employer/staff-passports/${person.passport.id}`);
    await page.waitForSelector('#manage-passport');
    await noViolations('passport with Manage passport');
    await page.getByRole('link', { name: 'Provide new access key credential' }).click();
    await page.waitForSelector('text=The old access key stops working now');
    await noViolations('new access key: confirm');
    await page.getByRole('button', { name: 'Yes, provide a new access key' }).click();
    await page.waitForSelector('text=A new access key credential was provided and the old access key revoked.');
    await noViolations('new access key: done');
    assert.equal((await credentials.findById(oldKey.id))?.state, 'revoked');
    await page.getByRole('link', { name: 'Back to the staff passport' }).click();
    await page.getByRole('link', { name: 'Create a new identity credential' }).click();
    await page.waitForSelector('h1:has-text("Create a new identity credential")');
    assert.match((await page.locator('.nhsuk-summary-list').textContent()) ?? '', /27 Mill Lane/);
    await noViolations('new identity: confirm details');
    await page.getByRole('button', { name: 'Confirm and provide' }).click();
    await page.waitForSelector('text=New Identity credential provided.');
    await noViolations('new identity: done');
    await page.getByRole('link', { name: 'Back to the staff passport' }).click();
    const history = (await page.locator('#history').textContent()) ?? '';
    assert.match(history, /New Identity credential provided/);
    assert.match(history, /New access key credential provided \(the old access key revoked\)/);
    await noViolations('passport after E13');
  });
});
