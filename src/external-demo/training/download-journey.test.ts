import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayDownload, nextStep, recordStatus } from './download-journey.ts';
import type { Account, Download, TrainingRecord } from './state.ts';

const account: Account = { id: '0b5d6a5e-4f1c-4f7e-9a52-3d1c2b3a4f50', email: 'a@example.com', passwordHash: 'x', role: 'employee', firstName: 'A', lastName: 'B', birthDate: '1990-01-01', dspApplies: true };
const record: TrainingRecord = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', accountId: account.id, competencyName: 'Fire Safety', subjectLevel: '1', learningMethod: 'E-Learning',
  completedOn: '2026-01-10', renewalPeriodNumber: 2, renewalPeriodUnits: 'Years', expiresOn: '2028-01-10', updatedAt: '2026-01-10T00:00:00.000Z',
};
const download = (serial: string, at: string, revokedAt?: string): Download => ({
  serialNumber: serial, recordId: record.id, accountId: account.id, downloadedAt: at, issuer: 'did:web:x', ...(revokedAt ? { revokedAt } : {}),
});

describe('download journey', () => {
  it('a record’s status is that of its latest download', () => {
    assert.equal(recordStatus(record, []).kind, 'not-downloaded');
    const first = download('11111111-1111-4111-8111-111111111111', '2026-02-01T10:00:00.000Z', '2026-02-02T10:00:00.000Z');
    const second = download('22222222-2222-4222-8222-222222222222', '2026-03-01T10:00:00.000Z');
    assert.equal(recordStatus(record, [first]).kind, 'revoked');
    assert.deepEqual(recordStatus(record, [first, second]), { kind: 'downloaded', download: second });
  });

  it('offers a download only where the passport applies, the training is current and the academy has not revoked it', () => {
    const today = '2026-06-01';
    assert.equal(mayDownload(account, record, { kind: 'not-downloaded' }, today), true);
    assert.equal(mayDownload({ ...account, dspApplies: false }, record, { kind: 'not-downloaded' }, today), false);
    assert.equal(mayDownload(account, record, { kind: 'not-downloaded' }, '2028-01-11'), false, 'expired the day after its expiry date');
    assert.equal(mayDownload(account, record, { kind: 'not-downloaded' }, '2028-01-10'), true, 'current on its expiry date');
    assert.equal(mayDownload(account, record, { kind: 'revoked', download: download('33333333-3333-4333-8333-333333333333', '2026-02-01T10:00:00.000Z', '2026-02-02T10:00:00.000Z') }, today), false);
    assert.equal(mayDownload({ ...account, id: '9f3c2b1a-0000-4000-8000-000000000000' }, record, { kind: 'not-downloaded' }, today), false, 'someone else’s record');
  });

  it('asks to delete an old copy before anything else, then checks identity once, then shows what will be downloaded', () => {
    const downloaded = { kind: 'downloaded' as const, download: download('44444444-4444-4444-8444-444444444444', '2026-02-01T10:00:00.000Z') };
    assert.equal(nextStep({ status: downloaded, oldCopyDeleted: false, identityChecked: true }), 'already-downloaded');
    assert.equal(nextStep({ status: downloaded, oldCopyDeleted: true, identityChecked: false }), 'check-identity');
    assert.equal(nextStep({ status: { kind: 'not-downloaded' }, oldCopyDeleted: false, identityChecked: false }), 'check-identity');
    assert.equal(nextStep({ status: { kind: 'not-downloaded' }, oldCopyDeleted: false, identityChecked: true }), 'check');
  });
});
