import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { employerUsers } from './employer-users.ts';
import { addOrganisation } from './organisations.ts';
import { scopeOf } from './scope.ts';

describeEachDatabase('tenant isolation', (database) => {
  it("a query made for one organisation can neither read nor change another organisation's rows", async () => {
    const { db } = database();
    const a = (await addOrganisation(db, { odsCode: 'ISOA', name: 'Isolation Trust A', kind: 'trust' })).organisation;
    const b = (await addOrganisation(db, { odsCode: 'ISOB', name: 'Isolation Trust B', kind: 'trust' })).organisation;
    const usersA = employerUsers(db, scopeOf(a.id));
    const usersB = employerUsers(db, scopeOf(b.id));
    const added = await usersB.add({ email: 'b.admin@trust-b.example', displayName: 'B Admin', role: 'senior-administrator' });
    assert.equal(added.outcome, 'added');
    const bUser = added.outcome === 'added' ? added.user : assert.fail();

    // A's scope, even when handed B's row id or email, sees and changes nothing.
    assert.deepEqual(await usersA.list(), []);
    assert.equal(await usersA.findById(bUser.id), undefined);
    assert.equal(await usersA.findByEmail('b.admin@trust-b.example'), undefined);
    assert.equal(await usersA.setRole(bUser.id, 'administrator'), false);
    assert.equal(await usersA.remove(bUser.id), false);

    // B's row is untouched and B's own scope still sees it.
    const still = await usersB.findById(bUser.id);
    assert.equal(still?.role, 'senior-administrator');
    assert.equal((await usersB.list()).length, 1);
  });

  it('the same email may be a user at two organisations, but only once at each', async () => {
    const { db } = database();
    const c = (await addOrganisation(db, { odsCode: 'ISOC', name: 'Isolation Trust C', kind: 'trust' })).organisation;
    const d = (await addOrganisation(db, { odsCode: 'ISOD', name: 'Isolation Trust D', kind: 'trust' })).organisation;
    const input = { email: 'shared@example.nhs.uk', displayName: 'Shared', role: 'administrator' as const };
    assert.equal((await employerUsers(db, scopeOf(c.id)).add(input)).outcome, 'added');
    assert.equal((await employerUsers(db, scopeOf(d.id)).add(input)).outcome, 'added');
    assert.equal((await employerUsers(db, scopeOf(c.id)).add({ ...input, email: 'SHARED@example.nhs.uk' })).outcome, 'exists');
  });

  it('an ODS code is registered once, whatever its case', async () => {
    const { db } = database();
    assert.equal((await addOrganisation(db, { odsCode: 'ISOE', name: 'E', kind: 'trust' })).outcome, 'added');
    const again = await addOrganisation(db, { odsCode: 'isoe'.toUpperCase(), name: 'E again', kind: 'trust' });
    assert.equal(again.outcome, 'exists');
    assert.equal(again.organisation.name, 'E');
  });
});
