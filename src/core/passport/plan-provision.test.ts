import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialSubject } from '../credentials/catalogue.ts';
import { validateSubject } from '../credentials/validate-subject.ts';
import { contentFingerprint, planProvision, slotKeyOf, type ExistingVersion, type ProvidableItem } from './plan-provision.ts';

const now = new Date('2026-11-21T11:00:00Z');
const assurance = (lastRefresh: string) => ({
  origin: 'Substantive NHS Employing Organisation',
  assurancePolicy: 'Core Skills Training Framework (CSTF)',
  assuranceOutcome: 'CSTF applied',
  provider: 'Riverside',
  verifier: 'Provider',
  verificationMethod: 'Document Verification with Record Verification',
  pedigree: 'Authoritative',
  lastRefresh,
});

function fireSafety(dateLastAwarded: string, extra: Record<string, unknown> = {}): ProvidableItem {
  return {
    type: 'CoreSkill',
    subject: {
      dspId: 'b8c0a3d2-6a3e-4f19-9d2f-6a0d6c8f4b11',
      competencyFramework: 'CSTF',
      subjectName: 'Fire Safety',
      competencyName: 'Fire Safety',
      subjectLevel: '1',
      attainmentStatus: 'ACHIEVED',
      dateLastAwarded,
      renewalPeriodNumber: 1,
      renewalPeriodUnits: 'Year',
      assurance: assurance(`${dateLastAwarded}T09:00:00Z`),
      ...extra,
    },
  };
}

function assignment(jobTitle: string, lastRefresh = '2026-11-21T10:00:00Z'): ProvidableItem {
  return {
    type: 'EmploymentAssignment',
    subject: {
      dspId: 'b8c0a3d2-6a3e-4f19-9d2f-6a0d6c8f4b11',
      employingOrganisation: 'Riverside Hospitals NHS Foundation Trust',
      employingOrganisationOds: 'RZX',
      staffGroup: 'Nursing and Midwifery Registered',
      jobTitle,
      assignmentCategory: 'Permanent',
      assignmentStatus: 'Active Assignment',
      assignmentEffectiveStartDate: '2024-04-01',
      esrAssignmentNumber: '12345678',
      assurance: { ...assurance(lastRefresh), assurancePolicy: 'Local contractual arrangement', assuranceOutcome: 'Onboarding complete' },
    },
  };
}

let ids = 0;
/** What the passport would hold after the plan's versions were provided. */
function asExisting(item: ProvidableItem, state: ExistingVersion['state'] = 'pending', providedAt = new Date('2026-01-01T11:00:00Z')): ExistingVersion {
  return { id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, credentialType: item.type, slotKey: slotKeyOf(item.type, item.subject), state, subject: item.subject, providedAt };
}

describe('what auto-provide provides to a passport', () => {
  it('provides every item the first time, with subjects that validate once the DSP id is added, and nothing the second time', () => {
    const items = [fireSafety('2026-03-01'), assignment('Staff Nurse')];
    const first = planProvision(items, [], now);
    assert.equal(first.provide.length, 2);
    for (const p of first.provide) {
      assert.equal('dspId' in p.subject, false, 'the stored subject leaves the DSP id out');
      assert.deepEqual(validateSubject(p.type, { ...p.subject, dspId: 'b8c0a3d2-6a3e-4f19-9d2f-6a0d6c8f4b11' }), []);
    }
    assert.equal(first.provide[0]!.title, 'Fire Safety');
    // Expiry from the renewal period: last awarded 1 March 2026 + 1 year, through that day.
    assert.equal(first.provide[0]!.expiresAt?.toISOString(), '2027-03-02T00:00:00.000Z');
    const again = planProvision(items, items.map((i) => asExisting(i)), now);
    assert.deepEqual(again, { provide: [], supersede: [], unchanged: 2, stale: 0, expired: 0 });
  });

  it('de-duplicates core skills by competency and date last awarded, whatever else differs', () => {
    const had = asExisting(fireSafety('2026-03-01'), 'accepted');
    const corrected = fireSafety('2026-03-01', { learningMethod: 'Classroom', dateTo: '2027-02-28' });
    assert.deepEqual(planProvision([corrected], [had], now), { provide: [], supersede: [], unchanged: 1, stale: 0, expired: 0 });
  });

  it('provides a renewed core skill as a new version that supersedes the old one, and archives a pending old one', () => {
    const accepted = asExisting(fireSafety('2025-03-01'), 'accepted', new Date('2025-03-02T11:00:00Z'));
    const pending = asExisting(fireSafety('2026-03-01'), 'pending', new Date('2026-03-02T11:00:00Z'));
    const plan = planProvision([fireSafety('2026-11-20')], [accepted, pending], now);
    assert.equal(plan.provide.length, 1);
    assert.equal(plan.provide[0]!.supersedes, pending.id, 'the latest earlier version');
    assert.equal(plan.provide[0]!.dedupeKey, 'CoreSkill|CSTF|Fire Safety|1|2026-11-20');
    assert.deepEqual(plan.supersede, [pending.id], 'only the pending one is archived now; the accepted one when the new one is accepted');
  });

  it('does not provide a core skill whose renewal period has already run out', () => {
    const plan = planProvision([fireSafety('2025-06-01'), fireSafety('2026-06-01', { subjectName: 'Moving and Handling', competencyName: 'Moving and Handling' })], [], now);
    assert.deepEqual(plan.provide.map((p) => p.title).length, 1);
    assert.match(plan.provide[0]!.slotKey, /Moving and Handling/);
    assert.equal(plan.expired, 1);
  });

  it('leaves alone a core skill older than one already provided', () => {
    const plan = planProvision([fireSafety('2024-01-01')], [asExisting(fireSafety('2026-03-01'))], now);
    assert.deepEqual(plan, { provide: [], supersede: [], unchanged: 0, stale: 1, expired: 0 });
  });

  it('provides a changed assignment, ignoring when the records were read', () => {
    const had = asExisting(assignment('Staff Nurse', '2026-11-20T11:00:00Z'), 'accepted');
    assert.equal(planProvision([assignment('Staff Nurse', '2026-11-21T11:00:00Z')], [had], now).provide.length, 0, 'a new lastRefresh alone is no change');
    const plan = planProvision([assignment('Senior Staff Nurse')], [had], now);
    assert.equal(plan.provide.length, 1);
    assert.equal(plan.provide[0]!.supersedes, had.id);
    assert.match(plan.provide[0]!.dedupeKey, new RegExp(`^EmploymentAssignment\\|12345678\\|[A-Za-z0-9_-]{32}\\|after:${had.id}$`));
  });

  it('offers content again when it changes back (A → B → A), yet the same step twice has one key', () => {
    const a1 = asExisting(assignment('Staff Nurse'), 'archived', new Date('2026-01-01T11:00:00Z'));
    const b = asExisting(assignment('Ward Sister'), 'accepted', new Date('2026-06-01T11:00:00Z'));
    const back = planProvision([assignment('Staff Nurse')], [a1, b], now);
    assert.equal(back.provide.length, 1);
    assert.equal(back.provide[0]!.supersedes, b.id);
    assert.equal(planProvision([assignment('Staff Nurse')], [a1, b], now).provide[0]!.dedupeKey, back.provide[0]!.dedupeKey);
  });

  it('does not offer again content the person declined', () => {
    const declined = asExisting(assignment('Staff Nurse'), 'declined');
    assert.equal(planProvision([assignment('Staff Nurse')], [declined], now).provide.length, 0);
  });

  it('fingerprints content regardless of key order and the DSP id', () => {
    const subject: CredentialSubject = { b: 1, a: { y: 2, x: [1, { d: 4, c: 3 }] }, dspId: 'one' };
    const reordered: CredentialSubject = { dspId: 'two', a: { x: [1, { c: 3, d: 4 }], y: 2 }, b: 1 };
    assert.equal(contentFingerprint(subject), contentFingerprint(reordered));
    assert.notEqual(contentFingerprint(subject), contentFingerprint({ ...subject, b: 2 }));
  });
});
