// E13 end to end over HTTP (D47): a person collects the access key, HR provides a new one
// (renew.ts), the old one is revoked in the status ledger at once, and the person collects the
// new pending AccessKey with the fresh link although an older one was accepted.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { renewAccessKey } from '../../src/portals/employer/renew-credentials/renew.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { confirmedPerson, holderOn, sameDeviceLink, serialOf } from '../support/employee-access-key.ts';
import { lastSmsCode, startEmployeePortal, type EmployeePortalServer } from '../support/employee-wallet.ts';
import { InjectClient } from '../support/inject-client.ts';

describeEachDatabase('E13: a new access key collected after an older one was accepted', (database) => {
  let portal: EmployeePortalServer;
  const clock = fixedClock(new Date());
  before(async () => {
    portal = await startEmployeePortal(database(), { clock });
  });
  after(() => portal?.close());

  async function collect(link: string, mobile: string, ods: string): Promise<string[]> {
    const client = new InjectClient(portal.app);
    const opened = await client.get(link);
    assert.equal(opened.status, 303, opened.body);
    await client.follow(opened);
    await client.get(`${opened.location!}/security-code`);
    const sent = await client.post(`${opened.location!}/security-code`);
    assert.equal(sent.status, 303);
    await client.follow(sent);
    const code = await lastSmsCode(portal.database, mobile);
    const entered = await client.post(`/trusts/${ods}/employee/access-key/security-code/enter`, { code });
    assert.equal(entered.status, 303, entered.body);
    const qrPage = await client.follow(entered);
    const txCode = await lastSmsCode(portal.database, mobile);
    const received = await holderOn(clock).receive(sameDeviceLink(qrPage.body), { txCode: async () => txCode });
    const handBack = await client.get(`${entered.location!}/continue`);
    const added = await client.follow(handBack);
    assert.equal(added.location, `/trusts/${ods}/employee/sign-in?collected=1`);
    return received.received.filter((r) => r.type === 'AccessKey').map(serialOf);
  }

  it('collects, is given a new key by HR (the old one revoked in the ledger), and collects the new one', async () => {
    const { organisation, passport, link } = await confirmedPerson(portal, { ods: 'SAC01' });
    const scope = scopeOf(organisation.id);
    const [firstSerial] = await collect(link, passport.mobile!, 'SAC01');
    assert.ok(firstSerial);
    const credentials = providedCredentials(portal.database.db, scope);
    const first = (await credentials.listForPassport(passport.id)).find((c) => c.credentialType === 'AccessKey' && c.state === 'accepted')!;
    const outcome = await portal.database.transaction((tx) =>
      renewAccessKey(tx, portal.app.employerPortal, { organisation, scope, actor: 'user:test', correlationId: randomUUID() }, passport.id, first.id),
    );
    assert.equal(outcome.outcome, 'renewed');
    assert.ok((await statusLedger(portal.database.db, scope).find(first.serialNumber!)).every((e) => e.state === 'revoked'));
    const emails = (await listOutbox(portal.database.db, { organisationId: organisation.id, pageSize: 200 })).messages.filter((m) => m.template === 'access-key-ready-email' && m.recipient === passport.email);
    assert.equal(emails.length, 2);
    const newest = emails.map((m) => /(https?:\/\/\S+\/access-key\/[A-Za-z0-9_-]+)/.exec(m.body)![1]!).find((u) => new URL(u).pathname !== link)!;
    const [secondSerial] = await collect(new URL(newest).pathname, passport.mobile!, 'SAC01');
    assert.ok(secondSerial);
    assert.notEqual(secondSerial, firstSerial);
    const keys = (await credentials.listForPassport(passport.id, { includeArchived: true })).filter((c) => c.credentialType === 'AccessKey');
    assert.deepEqual(keys.map((c) => c.state).sort(), ['accepted', 'revoked']);
  });
});
