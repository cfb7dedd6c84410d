// For tests of sharing credentials (S6): puts one more credential in a person's wallet the way the
// portal does it — provided by the trust (pending, as ESR would), then accepted through the
// credential page (S4: POST …/accept → the wallet-session page → the holder receives the offer →
// the hand-back) over real HTTP with the person's session.
//
//   await addToWallet(portal, person, 'RightToWork');
import assert from 'node:assert/strict';
import { SAMPLE_SUBJECTS, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import type { EmployeePortalServer, EmployeeWithWallet } from './employee-wallet.ts';

export async function addToWallet(portal: EmployeePortalServer, person: EmployeeWithWallet, type: CredentialTypeId): Promise<void> {
  const scope = scopeOf(person.organisation.id);
  const [provided] = await portal.database.transaction(async (tx) => {
    const store = providedCredentials(tx, scope);
    const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS[type];
    const plan = planProvision([{ type, subject }], await store.versionsOf(person.passport.id), new Date());
    return store.provide(person.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now: new Date() });
  });
  const jar: Record<string, string> = { [person.session.name]: person.session.value };
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const send = async (method: 'GET' | 'POST', url: string, payload?: string) => {
    const res = await portal.app.inject({ method, url, headers: { cookie: cookie(), ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(payload ? { payload } : {}) });
    for (const c of res.cookies) jar[c.name] = c.value;
    return res;
  };
  const detail = `/trusts/${person.organisation.odsCode}/employee/credentials/${provided!.id}`;
  const token = /name="_csrf" value="([^"]+)"/.exec((await send('GET', detail)).body)?.[1];
  assert.ok(token, 'no accept form');
  const started = await send('POST', `${detail}/accept`, new URLSearchParams({ _csrf: token }).toString());
  const sessionPath = String(started.headers.location);
  const page = await send('GET', sessionPath);
  const offer = /<a href="([^"]+)" class="nhsuk-button"[^>]*id="open-wallet"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
  await person.holder.receive(offer);
  const back = await send('GET', `${sessionPath}/continue`);
  await send('GET', String(back.headers.location));
  assert.equal((await providedCredentials(portal.database.db, scope).findById(provided!.id))!.state, 'accepted', `${type} not accepted`);
}
