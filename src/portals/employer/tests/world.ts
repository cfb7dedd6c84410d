// Test fixtures for the employer portal's HTTP tests: users with passwords and second factors,
// and signing in through the pages with an InjectClient.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { generate, generateSecret } from 'otplib';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { hashPassword } from '../../../platform/passwords.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { scopeOf } from '../../../store/scope.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { InjectClient, type Page } from '../../../../test/support/inject-client.ts';
import { addEmployerUser } from '../../../../test/support/employer-session.ts';
import type { EmployerRole } from '../../../core/passport/organisation.ts';

export const password = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  ods: string;
  organisationId: string;
  id: string;
  email: string;
  seed?: string;
  mobile?: string;
}

/** An active user with a password and, unless `factor: 'none'`, a confirmed second factor. */
export async function userWith(app: FastifyInstance, ods: string, role: EmployerRole, factor: 'totp' | 'sms' | 'none', email?: string): Promise<TestUser> {
  const { organisation, user } = await addEmployerUser(app, { ods, role, ...(email ? { email } : {}) });
  const scope = scopeOf(organisation.id);
  const db = app.employerPortal.database.db;
  passwordHash ??= hashPassword(password);
  await employerUsers(db, scope).setPassword(user.id, await passwordHash);
  const factors = employerSecondFactors(db, scope);
  const now = app.employerPortal.clock.now();
  const base = { ods, organisationId: organisation.id, id: user.id, email: user.email };
  if (factor === 'totp') {
    const seed = generateSecret();
    await factors.beginEnrolment(user.id, { kind: 'totp', totpSeedSealed: await app.employerPortal.keys.seal(seed, `totp-seed:${user.id}`) }, now);
    await factors.confirm(user.id, now);
    return { ...base, seed };
  }
  if (factor === 'sms') {
    const mobile = '+447700900' + String(Math.floor(Math.random() * 900) + 100);
    await factors.beginEnrolment(user.id, { kind: 'sms', mobile }, now);
    await factors.confirm(user.id, now);
    return { ...base, mobile };
  }
  return base;
}

/** The TOTP code for the app's clock now, or `stepsAhead` 30-second steps later. */
export async function totpNow(app: FastifyInstance, seed: string, stepsAhead = 0): Promise<string> {
  return generate({ secret: seed, epoch: Math.floor(app.employerPortal.clock.now().getTime() / 1000) + stepsAhead * 30 });
}

/** The last SMS code sent to the mobile (from the outbox). */
export async function lastSmsCode(app: FastifyInstance, mobile: string): Promise<string> {
  const { messages } = await listOutbox(app.employerPortal.database.db, { pageSize: 200 });
  const message = messages.find((m) => m.channel === 'sms' && m.recipient === mobile);
  assert.ok(message, `an SMS to ${mobile}`);
  return /(\d{6})/.exec(message.body)![1]!;
}

export function sessionCookieOf(client: InjectClient): string | undefined {
  return client.jar.get('dsp-employer');
}

/** Password, then the code: a signed-in client. */
export async function signIn(app: FastifyInstance, user: TestUser, client = new InjectClient(app)): Promise<InjectClient> {
  await client.get(`/trusts/${user.ods}/employer/sign-in`);
  const afterPassword = await client.post(`/trusts/${user.ods}/employer/sign-in`, { email: user.email, password });
  assert.equal(afterPassword.status, 303, afterPassword.body.slice(0, 400));
  assert.equal(afterPassword.location, `/trusts/${user.ods}/employer/sign-in/code`);
  await client.follow(afterPassword);
  const code = user.seed ? await totpNow(app, user.seed) : await lastSmsCode(app, user.mobile!);
  const done = await client.post(`/trusts/${user.ods}/employer/sign-in/code`, { code });
  assert.equal(done.status, 303, done.body.slice(0, 600));
  assert.equal(done.location, `/trusts/${user.ods}/employer`);
  return client;
}

/** The page without what changes on every render (CSRF token, nonces, request ids). */
export function stable(page: Page): string {
  return page.body
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/nonce="[^"]+"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
}
