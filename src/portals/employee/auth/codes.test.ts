// Email and SMS codes of the employee portal (auth/codes.ts) against the real store: single use,
// expiry, the attempt limit and the resend limits.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { addStaffPassportAt, signInEmployee } from '../../../../test/support/employee-session.ts';
import { and, eq } from 'drizzle-orm';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { schema } from '../../../store/database.ts';
import { checkEmployeeCode, sendEmployeeCode } from './codes.ts';
import { employeePolicy } from './policy.ts';

describeEachDatabase('employee portal: email and SMS codes', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock(new Date('2026-11-21T10:00:00Z'));
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());

  async function journey(ods: string) {
    const { organisation, passport } = await addStaffPassportAt(app, { ods });
    const { sessionId } = await signInEmployee(app, { ods, passportId: passport.id, stage: 'sign-up' });
    return { organisation, passport, sessionId };
  }
  async function sessionOf(organisationId: string, id: string) {
    const t = schema.employeeSessions;
    const [row] = await app.employeePortal.database.db.select({ id: t.id, codesSent: t.codesSent }).from(t).where(and(eq(t.organisationId, organisationId), eq(t.id, id)));
    assert.ok(row);
    return row;
  }
  async function lastCode(to: string): Promise<string> {
    const { messages } = await listOutbox(app.employeePortal.database.db, { pageSize: 50 });
    const message = messages.find((m) => m.recipient === to);
    assert.ok(message, `a message to ${to}`);
    const code = /\b(\d{6})\b/.exec(message.body)?.[1];
    assert.ok(code);
    return code;
  }

  it('a right code works once; a second use finds none', async () => {
    const { organisation, passport, sessionId } = await journey('ECODA');
    const ctx = { organisation, session: await sessionOf(organisation.id, sessionId) };
    assert.equal(await app.employeePortal.database.transaction((tx) => sendEmployeeCode(tx, app.employeePortal, ctx, 'sms', passport.mobile!)), 'sent');
    const code = await lastCode(passport.mobile!);
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'email', code), { outcome: 'none' });
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'sms', code), { outcome: 'right', target: passport.mobile });
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'sms', code), { outcome: 'none' });
  });

  it('counts wrong tries and kills the code at the limit; an expired code is refused', async () => {
    const { organisation, passport, sessionId } = await journey('ECODB');
    const ctx = { organisation, session: await sessionOf(organisation.id, sessionId) };
    await app.employeePortal.database.transaction((tx) => sendEmployeeCode(tx, app.employeePortal, ctx, 'email', passport.email!));
    const code = await lastCode(passport.email!);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i < employeePolicy.maxCodeAttempts; i++) {
      assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'email', wrong), { outcome: 'wrong', attemptsLeft: employeePolicy.maxCodeAttempts - i });
    }
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'email', wrong), { outcome: 'too-many' });
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, ctx, 'email', code), { outcome: 'none' });

    clock.advance(employeePolicy.codeResendMs);
    const again = { organisation, session: await sessionOf(organisation.id, sessionId) };
    assert.equal(await app.employeePortal.database.transaction((tx) => sendEmployeeCode(tx, app.employeePortal, again, 'email', passport.email!)), 'sent');
    const fresh = await lastCode(passport.email!);
    clock.advance(employeePolicy.codeMs + 1);
    assert.deepEqual(await checkEmployeeCode(app.employeePortal.database.db, app.employeePortal, again, 'email', fresh), { outcome: 'expired' });
  });

  it('refuses a resend within 30 seconds and after the session sent its allowance', async () => {
    const { organisation, passport, sessionId } = await journey('ECODC');
    const send = async () => {
      const session = await sessionOf(organisation.id, sessionId);
      return app.employeePortal.database.transaction((tx) => sendEmployeeCode(tx, app.employeePortal, { organisation, session }, 'sms', passport.mobile!));
    };
    assert.equal(await send(), 'sent');
    assert.equal(await send(), 'wait');
    for (let i = 1; i < employeePolicy.maxCodesSent; i++) {
      clock.advance(employeePolicy.codeResendMs);
      assert.equal(await send(), 'sent');
    }
    clock.advance(employeePolicy.codeResendMs);
    assert.equal(await send(), 'too-many');
  });
});
