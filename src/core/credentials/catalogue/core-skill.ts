// Core skill: one credential per competency (DOMAIN.md §5.1, §5.3), the API standard's
// `CoreSkillsTraining` record (APISTD) plus two labels of the portal's view that the record
// lacks: "Employer" (`employer`) and "Trust identifier" (`trustIdentifier`, the trust's own id
// for the person's learning record).
import { addPeriod, endOfDay } from './expiry.ts';
import { COMMON_LABELS, dateSchema, defineSubjectSchema, odsCodeSchema, textSchema } from './shared-schemas.ts';
import type { CredentialSubject, CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

/** CSTF is the Core Skills Training Framework; MAND covers other mandatory training (e.g. Oliver McGowan). */
export const COMPETENCY_FRAMEWORKS = ['CSTF', 'MAND'] as const;

export interface CstfCompetency {
  /** The part of the ESR competency name before the level (APISTD `subjectName`). */
  subjectName: string;
  /** The name without its level (APISTD `competencyName`: "before + after level"). */
  competencyName: string;
  /** Levels the portals list for it (APISTD `subjectLevel`, default "1"). */
  levels: readonly string[];
}

/**
 * The CSTF competencies the portals list (DOMAIN.md §5.1 "Core skills training information").
 * Names are written as ESR writes them; the levels of the resuscitation competencies (basic
 * life support at level 2, immediate life support at level 3) follow ESR's CSTF naming and are
 * an inference, as the portal lists show only "basic / immediate life support". The full
 * mapping lives in NHS England's "DSP core skills scope and mappings" spreadsheet, which was not
 * available; swap this list for it when it is.
 */
export const CSTF_COMPETENCIES: readonly CstfCompetency[] = [
  { subjectName: 'Conflict Resolution', competencyName: 'Conflict Resolution', levels: ['1'] },
  { subjectName: 'Equality, Diversity and Human Rights', competencyName: 'Equality, Diversity and Human Rights', levels: ['1'] },
  { subjectName: 'Fire Safety', competencyName: 'Fire Safety', levels: ['1'] },
  { subjectName: 'Health, Safety and Welfare', competencyName: 'Health, Safety and Welfare', levels: ['1'] },
  { subjectName: 'Infection Prevention and Control', competencyName: 'Infection Prevention and Control', levels: ['1', '2'] },
  { subjectName: 'Information Governance and Data Security', competencyName: 'Information Governance and Data Security', levels: ['1'] },
  { subjectName: 'Moving and Handling', competencyName: 'Moving and Handling', levels: ['1', '2'] },
  { subjectName: 'Preventing Radicalisation', competencyName: 'Preventing Radicalisation - Basic Prevent Awareness', levels: ['1'] },
  { subjectName: 'Preventing Radicalisation', competencyName: 'Preventing Radicalisation - Prevent Awareness', levels: ['1'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation', levels: ['1'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Adult Basic Life Support', levels: ['2'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Adult Immediate Life Support', levels: ['3'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Newborn Basic Life Support', levels: ['2'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Newborn Immediate Life Support', levels: ['3'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Paediatric Basic Life Support', levels: ['2'] },
  { subjectName: 'Resuscitation', competencyName: 'Resuscitation - Paediatric Immediate Life Support', levels: ['3'] },
  { subjectName: 'Safeguarding Adults', competencyName: 'Safeguarding Adults', levels: ['1', '2', '3'] },
  { subjectName: 'Safeguarding Children', competencyName: 'Safeguarding Children', levels: ['1', '2', '3'] },
];

export const RENEWAL_PERIOD_UNITS = ['Year', 'Years', 'Month', 'Months'] as const;
export const PROFICIENCY_LEVELS = ['0 - Not Assessed', '1 - Assessed'] as const;
export const ATTAINMENT_STATUSES = ['ACHIEVED'] as const;

/**
 * For CSTF competencies the name must be one of the list and the subject and level must match
 * it; MAND (and any later framework) is open. `if/then` rather than `required`, so a partly
 * disclosed SD-JWT (name without level) still validates what it shows.
 */
const cstfRules = CSTF_COMPETENCIES.map((c) => ({
  if: {
    properties: { competencyFramework: { const: 'CSTF' }, competencyName: { const: c.competencyName } },
    required: ['competencyFramework', 'competencyName'],
  },
  then: { properties: { subjectName: { const: c.subjectName }, subjectLevel: { enum: c.levels } } },
}));

const cstfNameRule = {
  if: { properties: { competencyFramework: { const: 'CSTF' } }, required: ['competencyFramework'] },
  then: { properties: { competencyName: { enum: [...new Set(CSTF_COMPETENCIES.map((c) => c.competencyName))] } } },
};

function coreSkillExpiry(subject: CredentialSubject): Date | undefined {
  // ESR's own expiry date wins; otherwise last award plus the renewal period (APISTD). Receivers
  // may recompute with their local renewal periods; that is their policy, not the credential's.
  const dateTo = endOfDay(subject.dateTo);
  if (dateTo) return dateTo;
  const { dateLastAwarded, renewalPeriodNumber, renewalPeriodUnits } = subject;
  if (typeof dateLastAwarded !== 'string' || typeof renewalPeriodNumber !== 'number' || typeof renewalPeriodUnits !== 'string') {
    return undefined;
  }
  const unit = renewalPeriodUnits.startsWith('Month') ? 'months' : 'years';
  return endOfDay(addPeriod(dateLastAwarded, renewalPeriodNumber, unit));
}

export const coreSkill: CredentialTypeDefinition = {
  id: 'CoreSkill',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'CoreSkill',
    version: VERSION,
    title: 'Core skill',
    properties: {
      competencyFramework: { type: 'string', enum: COMPETENCY_FRAMEWORKS },
      subjectName: textSchema,
      competencyName: textSchema,
      subjectLevel: { type: 'string', pattern: '^[0-9]$', default: '1' },
      renewalPeriodNumber: { type: 'integer', minimum: 1, maximum: 10 },
      renewalPeriodUnits: { type: 'string', enum: RENEWAL_PERIOD_UNITS },
      proficiencyLevel: { type: 'string', enum: PROFICIENCY_LEVELS },
      attainmentStatus: { type: 'string', enum: ATTAINMENT_STATUSES },
      learningMethod: { ...textSchema, examples: ['E-Learning', 'Classroom', 'Blended'] },
      // ODS code of the organisation that awarded it (APISTD).
      awardingOrganisation: odsCodeSchema,
      dateLastAwarded: dateSchema,
      dateTo: dateSchema,
      employer: textSchema,
      trustIdentifier: { type: 'string', minLength: 1, maxLength: 50 },
    },
    required: ['competencyFramework', 'subjectName', 'competencyName', 'subjectLevel', 'attainmentStatus', 'dateLastAwarded'],
    extra: {
      dependentRequired: { renewalPeriodNumber: ['renewalPeriodUnits'], renewalPeriodUnits: ['renewalPeriodNumber'] },
      allOf: [cstfNameRule, ...cstfRules],
    },
  }),
  display: {
    name: 'Core skill',
    description: 'A core skills training competency you have achieved.',
    group: 'Core skills training information',
    fieldLabels: {
      ...COMMON_LABELS,
      trustIdentifier: 'Trust identifier',
      subjectName: 'Core skills subject',
      subjectLevel: 'Level',
      attainmentStatus: 'Attainment status',
      competencyFramework: 'Competency framework',
      competencyName: 'Competency name',
      employer: 'Employer',
      renewalPeriodNumber: 'Renewal period',
      renewalPeriodUnits: 'Units',
      proficiencyLevel: 'Proficiency level',
      learningMethod: 'Learning method',
      awardingOrganisation: 'Awarding organisation (ODS)',
      dateTo: 'Date to',
      dateLastAwarded: 'Last date awarded',
    },
    displayOrder: [
      'trustIdentifier', 'subjectName', 'subjectLevel', 'attainmentStatus', 'competencyFramework', 'competencyName', 'employer',
      'renewalPeriodNumber', 'renewalPeriodUnits', 'proficiencyLevel', 'learningMethod', 'awardingOrganisation', 'dateTo',
      'dateLastAwarded', 'dspId', 'assurance',
    ],
    // "Safeguarding Adults (Level 2)", as the portal lists core skills (DOMAIN.md §5.1).
    title: (subject) => {
      const name = typeof subject.competencyName === 'string' ? subject.competencyName : 'Core skill';
      const level = typeof subject.subjectLevel === 'string' ? subject.subjectLevel : undefined;
      const levels = CSTF_COMPETENCIES.find((c) => c.competencyName === name)?.levels;
      return level && (levels === undefined || levels.length > 1) ? `${name} (Level ${level})` : name;
    },
  },
  // Trusts from ESR, and external training providers (ARCHITECTURE.md §1 demo world).
  issuerKinds: ['trust', 'external'],
  expiry: coreSkillExpiry,
};
