import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { schema } from '../store/database.ts';
import { createLocalKeyManagement } from '../store/key-store.ts';
import { addOrganisation } from '../store/organisations.ts';
import { scopeOf } from '../store/scope.ts';
import { statusLedger } from '../store/status-ledger.ts';
import { createJobs } from './create-jobs.ts';
import { registerStatusListPublication } from './publish-status-lists.ts';

describeEachDatabase('status list publication job', (database) => {
  it('re-signs the documents a revocation made stale when its schedule fires, and only those', async () => {
    const { db } = database();
    const clock = fixedClock(new Date('2026-11-21T10:02:00Z'));
    const keys = createLocalKeyManagement({ keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') });
    const jobs = createJobs({ database: database(), logger: createLogger('silent'), clock, catchUpMs: 60_000 });
    registerStatusListPublication(jobs, { database: database(), clock, keys, publicUrl: 'http://localhost:3000', issuerDid: (o) => `did:web:localhost%3A3000:orgs:${o.odsCode}` });
    const org = (await addOrganisation(db, { odsCode: 'PUB1', name: 'Publishing Trust', kind: 'trust' })).organisation;
    const ledger = statusLedger(db, scopeOf(org.id));
    const serial = randomUUID();
    const entry = await ledger.allocate({ serialNumber: serial, format: 'dc+sd-jwt' });
    await ledger.revoke({ serialNumber: serial, reason: 'Other', actor: 'user:test', correlationId: randomUUID() }, clock);

    clock.set(new Date('2026-11-21T10:05:00Z'));
    assert.deepEqual(await jobs.tick(), { fired: 1, ran: 1 });
    const stored = () =>
      db.select().from(schema.statusListDocuments).where(and(eq(schema.statusListDocuments.organisationId, org.id), eq(schema.statusListDocuments.listId, entry.listId)));
    const [doc] = await stored();
    assert.equal(doc?.revision, 1);
    assert.equal(doc?.issuedAt.toISOString(), '2026-11-21T10:05:00.000Z');

    // Nothing changed since: the next firing leaves the document as it is.
    clock.set(new Date('2026-11-21T10:10:00Z'));
    assert.deepEqual(await jobs.tick(), { fired: 1, ran: 1 });
    assert.equal((await stored())[0]?.issuedAt.toISOString(), '2026-11-21T10:05:00.000Z');
    await jobs.stop();
  });
});
