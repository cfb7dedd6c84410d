// Generates a realistic ESR population for the simulator: pure and seeded, so the same seed, size
// and date give the same people everywhere. Each person is drawn from their own generator
// (seed | organisation | index), so a larger population starts with the same people as a smaller
// one. What comes out:
// - staff groups in NHS workforce proportions, job profiles with titles, pay bands, departments;
// - assignments with 8-digit assignment numbers (a few people with a second, bank assignment),
//   fixed-term posts for doctors in training and students, maternity leave, leavers;
// - names, with name changes (mostly on marriage);
// - CSTF competences from the catalogue with typical renewal periods, dated so that most are
//   current, some expire within weeks and some have expired;
// - occupational health records for clinical staff;
// - NMC, GMC, GDC, GPhC and HCPC registrations with numbers in each regulator's format;
// - a history: what changed in the last days before `asOf` (starters, leavers, awards, name
//   changes), which the simulator's change feed starts with.
import { addPeriod } from '../../../core/credentials/catalogue/expiry.ts';
import { CSTF_COMPETENCIES } from '../../../core/credentials/catalogue.ts';
import {
  competenceLabel,
  zEsrPersonRecords,
  type EsrAssignment,
  type EsrChangeDraft,
  type EsrCompetence,
  type EsrOccupationalHealth,
  type EsrPersonRecords,
  type EsrProfessionalRegistration,
} from '../../../core/esr/index.ts';
import { createRandom, type Random } from './random.ts';
import {
  BCG_SCAR,
  COMPETENCE_SETS,
  FEMALE_FIRST_NAMES,
  FLU_VACCINATION,
  HEP_B_ANTIBODY,
  HEP_B_COURSE,
  JOB_PROFILES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  MMR_COURSE,
  PREVIOUS_EMPLOYERS,
  RENEWAL_YEARS,
  STAFF_GROUP_WEIGHTS,
  TB_TEST,
  TRAINING_PROVIDER,
  VARICELLA_TEST,
  type JobProfile,
  type RegistrationScheme,
} from './population-data.ts';

export interface OrganisationSpec {
  /** ODS code. */
  code: string;
  name: string;
  /** How many people to generate (pinned people come on top). */
  size: number;
}

export interface PopulationOptions {
  seed: string;
  /** The population's "today", `YYYY-MM-DD`: dates are drawn relative to it. */
  asOf: string;
  organisations: readonly OrganisationSpec[];
  /** People who must exist as given (the demo person); their numbers are never drawn for others. */
  pinned?: readonly EsrPersonRecords[];
  /** How many days before `asOf` the history covers (default 14). */
  historyDays?: number;
}

export interface HistoryEntry {
  orgCode: string;
  changedAt: Date;
  draft: EsrChangeDraft;
}

export interface GeneratedPopulation {
  organisations: { code: string; name: string; people: EsrPersonRecords[] }[];
  /** Oldest first. */
  history: HistoryEntry[];
}

/** Numbers already given out (assignment/employee numbers and person ids are unique across ESR). */
export interface TakenNumbers {
  employeeNumbers: Set<string>;
  personIds: Set<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function toDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

function addYears(date: string, years: number): string {
  return addPeriod(date, years, 'years')!;
}

function endOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The first date `start + k·years` (k ≥ 1), moved to its month's end, that falls after `after`. */
function nextCycle(start: string, years: number, after: string): string {
  let k = 1;
  let date = endOfMonth(addYears(start, years));
  while (date <= after) {
    k += 1;
    date = endOfMonth(addYears(start, years * k));
  }
  return date;
}

function uniqueNumber(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const candidate = draw();
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

const CSTF_BY_NAME = new Map(CSTF_COMPETENCIES.map((c) => [c.competencyName, c]));

function competence(
  random: Random,
  ref: readonly [string, string],
  context: { orgCode: string; reference: string; startDate: string },
): EsrCompetence | undefined {
  const [competencyName, level] = ref;
  const catalogue = CSTF_BY_NAME.get(competencyName);
  if (!catalogue || !catalogue.levels.includes(level)) throw new TypeError(`${competencyName} level ${level} is not in the CSTF catalogue`);
  // A few people have never completed a competence their role needs.
  if (random.chance(0.03)) return undefined;
  const years = RENEWAL_YEARS[`${competencyName}|${level}`] ?? 3;
  const period = Math.round(years * 365.25);
  // Five in six are within their renewal period; the rest lapsed up to a year or so ago.
  const age = random.chance(0.84) ? random.int(1, period - 1) : random.int(period + 1, period + 420);
  const dateLastAwarded = addDays(context.reference, -age);
  const practical = level !== '1' && (competencyName.startsWith('Resuscitation') || competencyName === 'Moving and Handling');
  const learningMethod = practical ? random.weighted([['Classroom', 8], ['Blended', 2]] as const) : random.weighted([['E-Learning', 85], ['Classroom', 10], ['Blended', 5]] as const);
  const before = dateLastAwarded < context.startDate;
  const awardingOrganisation = practical && random.chance(0.3) ? TRAINING_PROVIDER : before ? random.pick(PREVIOUS_EMPLOYERS) : context.orgCode;
  const c: EsrCompetence = {
    competencyFramework: 'CSTF',
    subjectName: catalogue.subjectName,
    competencyName,
    subjectLevel: level,
    attainmentStatus: 'ACHIEVED',
    dateLastAwarded,
    dateTo: addYears(dateLastAwarded, years),
    renewalPeriodNumber: years,
    renewalPeriodUnits: years === 1 ? 'Year' : 'Years',
    proficiencyLevel: learningMethod === 'E-Learning' ? '0 - Not Assessed' : '1 - Assessed',
    learningMethod,
    awardingOrganisation,
  };
  if (random.chance(0.6)) c.learningRecordId = `${context.orgCode}-LRN-${random.digits(6)}`;
  return c;
}

function occupationalHealth(random: Random, clinical: boolean, context: { asOf: string; startDate: string; dateOfBirth: string }): EsrOccupationalHealth {
  const record: EsrOccupationalHealth = { vaccinations: [], clinicalTests: [], observations: [] };
  const fluSeason = Number(context.asOf.slice(5, 7)) >= 10 ? Number(context.asOf.slice(0, 4)) : Number(context.asOf.slice(0, 4)) - 1;
  const flu = () => {
    const date = addDays(`${fluSeason}-10-01`, random.int(0, 50));
    if (date < context.asOf) record.vaccinations.push({ ...FLU_VACCINATION, date });
  };
  if (!clinical) {
    if (random.chance(0.4)) flu();
    return record;
  }
  if (random.chance(0.05)) return record;
  const birthYear = Number(context.dateOfBirth.slice(0, 4));
  // Childhood doses are known to the year at best.
  if (random.chance(0.7)) MMR_COURSE.forEach((dose, i) => record.vaccinations.push({ ...dose, date: String(birthYear + (i === 0 ? 1 : 4)) }));
  const screening = minDate(addDays(context.startDate, -random.int(7, 60)), addDays(context.asOf, -1));
  let dose = screening;
  for (const [i, d] of HEP_B_COURSE.entries()) {
    if (dose >= context.asOf) break;
    record.vaccinations.push({ ...d, date: dose });
    dose = addDays(dose, i === 0 ? 30 : 150);
  }
  if (random.chance(0.6)) flu();
  const detected = random.chance(0.03);
  record.clinicalTests.push({ ...TB_TEST, date: screening.slice(0, 7), result: detected ? 'Positive' : 'Negative', interpretation: detected ? 'Detected' : 'Not detected' });
  if (record.vaccinations.some((v) => v.code === 'HEPB003')) {
    const responder = random.chance(0.92);
    record.clinicalTests.push({
      ...HEP_B_ANTIBODY,
      date: minDate(addDays(dose, 60), addDays(context.asOf, -1)),
      result: responder ? '>100 mIU/mL' : '<10 mIU/mL',
      interpretation: responder ? 'Detected' : 'Not detected',
    });
  }
  if (random.chance(0.7)) record.clinicalTests.push({ ...VARICELLA_TEST, date: screening, result: 'Positive', interpretation: 'Detected' });
  if (random.chance(0.5)) record.observations.push({ ...BCG_SCAR, result: random.chance(0.8) ? 'Yes' : 'No' });
  return record;
}

function registration(
  random: Random,
  scheme: RegistrationScheme,
  context: { asOf: string; dateOfBirth: string; startDate: string },
): EsrProfessionalRegistration {
  // Registered after qualifying (21–25), before starting in the post where that is possible.
  const qualified = addYears(context.dateOfBirth, random.int(21, 25));
  const registrationDate = minDate(qualified < context.startDate ? qualified : addDays(context.startDate, -random.int(14, 120)), addDays(context.asOf, -30));
  // Trusts check the register at appointment and then every year.
  const registrationCheckDate = minDate(maxDate(registrationDate, addDays(context.asOf, -random.int(1, 364))), addDays(context.asOf, -1));
  const base = { professionalBody: scheme.body, registrationDate, registrationCheckDate } as const;
  switch (scheme.body) {
    case 'Nursing and Midwifery Council': {
      // NMC PIN: year of registration, month as a letter (A = January), four digits, country (E = England, O = overseas).
      const month = 'ABCDEFGHIJKL'[Number(registrationDate.slice(5, 7)) - 1]!;
      const country = random.weighted([['E', 85], ['O', 8], ['S', 3], ['W', 2], ['N', 2]] as const);
      const pin = `${registrationDate.slice(2, 4)}${month}${random.digits(4)}${country}`;
      // Revalidation every three years; the register shows it as the expiry date.
      const lapsed = random.chance(0.01);
      const revalidationDate = lapsed ? addDays(context.asOf, -random.int(1, 60)) : nextCycle(registrationDate, 3, context.asOf);
      return { ...base, registrationNumber: pin, registrationStatus: lapsed ? 'Lapsed' : 'Registered', expiryDate: revalidationDate, revalidationDate };
    }
    case 'General Medical Council': {
      // GMC reference numbers are seven digits; recent registrants' start with 7.
      const lead = registrationDate >= '2008-01-01' ? '7' : random.pick(['4', '5', '6']);
      return { ...base, registrationNumber: `${lead}${random.digits(6)}`, registrationStatus: 'Registered with a licence to practise', revalidationDate: nextCycle(registrationDate, 5, context.asOf) };
    }
    case 'General Dental Council':
      // Dentists renew every year by 31 December.
      return { ...base, registrationNumber: String(random.int(50000, 299999)), registrationStatus: 'Registered', expiryDate: `${context.asOf.slice(0, 4)}-12-31` };
    case 'General Pharmaceutical Council':
      return { ...base, registrationNumber: `20${random.digits(5)}`, registrationStatus: 'Registered', expiryDate: nextCycle(registrationDate, 1, context.asOf) };
    case 'Health and Care Professions Council': {
      // HCPC: the profession's letters and digits (PH123456, PYL12345); renewal every two years.
      const digits = 8 - scheme.prefix.length;
      return { ...base, registrationNumber: `${scheme.prefix}${random.digits(digits)}`, registrationStatus: 'Registered', expiryDate: nextCycle(registrationDate, 2, context.asOf) };
    }
  }
}

export interface PersonContext {
  seed: string;
  asOf: string;
  organisation: { code: string; name: string };
  taken: TakenNumbers;
}

/**
 * Person number `index` of an organisation. Pure given the context's seed and date, except that
 * it records the numbers it takes in `context.taken` (so later people draw others).
 */
export function generatePerson(context: PersonContext, index: number, options: { newStarter?: boolean } = {}): EsrPersonRecords {
  const { asOf, organisation, taken } = context;
  if (!DATE_RE.test(asOf)) throw new TypeError('asOf must be YYYY-MM-DD');
  const random = createRandom(`${context.seed}|${organisation.code}|${index}`);
  const group = random.weighted(STAFF_GROUP_WEIGHTS);
  const profile: JobProfile = random.weighted(JOB_PROFILES.filter((p) => p.staffGroup === group).map((p) => [p, p.weight] as const));

  // Who.
  const female = random.chance(0.77);
  const firstNames = female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
  const firstName = random.pick(firstNames);
  let middleNames: string | undefined;
  if (random.chance(0.4)) {
    middleNames = random.pick(firstNames);
    if (middleNames === firstName) middleNames = undefined;
  }
  let lastName = random.pick(LAST_NAMES);
  const [minAge, maxAge] = profile.ages ?? [19, 66];
  const age = random.int(minAge, maxAge);
  const dateOfBirth = addDays(addYears(asOf, -age), -random.int(0, 364));

  // When they started: new starters in the last weeks, others any time in their working life (more recent more likely).
  const earliest = maxDate(addYears(dateOfBirth, Math.max(18, minAge)), addYears(asOf, -35));
  const career = Math.max(1, daysBetween(earliest, asOf));
  const newStarter = options.newStarter ?? random.chance(0.04);
  const startDate = newStarter
    ? addDays(asOf, -random.int(1, 60))
    : profile.fixedTerm
      ? addDays(asOf, -random.int(30, Math.min(career, 900)))
      : addDays(asOf, -Math.max(61, Math.floor(career * random.next() ** 2)));

  const leaver = !newStarter && random.chance(0.05);
  const effectiveEndDate = leaver ? maxDate(addDays(asOf, -random.int(1, 180)), addDays(startDate, 30)) : undefined;
  const status = leaver
    ? 'Terminate Assignment'
    : female && random.chance(0.025)
      ? 'Maternity & Adoption'
      : random.chance(0.004)
        ? 'Suspend Assignment'
        : 'Active Assignment';
  const category = profile.fixedTerm ? 'Fixed Term Temp' : random.weighted([['Permanent', 88], ['Fixed Term Temp', 5], ['Bank', 7]] as const);
  const fixedTermContractEndDate = category === 'Fixed Term Temp' ? maxDate(addDays(asOf, random.int(14, 900)), addDays(startDate, 120)) : undefined;

  const employeeNumber = uniqueNumber(taken.employeeNumbers, () => String(random.int(20000000, 39999999)));
  const personId = uniqueNumber(taken.personIds, () => String(random.int(100000000, 999999999)));
  const [department, areaOfWork] = random.pick(profile.departments);
  const assignment: EsrAssignment = {
    assignmentNumber: employeeNumber,
    organisationCode: organisation.code,
    organisationName: organisation.name,
    department,
    areaOfWork,
    staffGroup: profile.staffGroup,
    jobRole: profile.jobRole,
    jobTitle: random.pick(profile.jobTitles),
    assignmentCategory: category,
    assignmentStatus: status,
    effectiveStartDate: startDate,
    ...(effectiveEndDate ? { effectiveEndDate } : {}),
    ...(fixedTermContractEndDate ? { fixedTermContractEndDate } : {}),
    occupationCode: profile.occupationCode,
    payBandOrPayScale: random.pick(profile.payBands),
    vpd: organisation.code.slice(0, 3).padEnd(3, '0'),
  };
  const assignments = [assignment];
  // Some substantive staff also work bank shifts on a second assignment.
  if (!leaver && category === 'Permanent' && random.chance(0.05)) {
    assignments.push({
      ...assignment,
      assignmentNumber: `${employeeNumber}-2`,
      assignmentCategory: 'Bank',
      assignmentStatus: 'Active Assignment',
      effectiveStartDate: minDate(addDays(startDate, random.int(30, 720)), addDays(asOf, -1)),
    });
  }

  // Name changes, mostly on marriage, dated after they started.
  const previousNames: EsrPersonRecords['person']['previousNames'] = [];
  if (random.chance(female ? 0.06 : 0.01)) {
    const changedOn = maxDate(addDays(asOf, -random.int(1, Math.max(1, daysBetween(startDate, asOf)))), startDate);
    const previous = random.pick(LAST_NAMES.filter((n) => n !== lastName));
    previousNames.push({ firstName, lastName: previous, changedOn: minDate(changedOn, addDays(asOf, -1)) });
  } else if (random.chance(0.002)) {
    lastName = `${lastName}-${random.pick(LAST_NAMES)}`;
  }

  // Training: a leaver's record stops on their last day.
  const reference = effectiveEndDate ?? asOf;
  const competences = COMPETENCE_SETS[profile.competences]
    .map((ref) => competence(random, ref, { orgCode: organisation.code, reference, startDate }))
    .filter((c): c is EsrCompetence => c !== undefined)
    .sort((a, b) => compare(a.competencyName, b.competencyName) || compare(a.subjectLevel, b.subjectLevel));

  const records: EsrPersonRecords = {
    organisationCode: organisation.code,
    person: { personId, firstName, ...(middleNames ? { middleNames } : {}), lastName, dateOfBirth, previousNames },
    assignments,
    competences,
    occupationalHealth: occupationalHealth(random, profile.clinical, { asOf, startDate, dateOfBirth }),
    registrations: profile.registration ? [registration(random, profile.registration, { asOf, dateOfBirth, startDate })] : [],
  };
  // Not parsed here: the store parses everything it is given, and the tests parse every generated person.
  return records;
}

/** What changed about a person between `from` and `to` (inclusive days), dated, as the feed's history. */
export function historyOf(records: EsrPersonRecords, from: string, to: string, random: Random): { changedAt: Date; draft: EsrChangeDraft }[] {
  const within = (date: string | undefined) => date !== undefined && date >= from && date <= to;
  // Changes are keyed in during the working day.
  const at = (date: string) => new Date(Date.parse(`${date}T08:00:00Z`) + random.int(0, 9 * 60) * 60_000);
  const personId = records.person.personId;
  const entries: { changedAt: Date; draft: EsrChangeDraft }[] = [];
  for (const a of records.assignments) {
    if (within(a.effectiveStartDate)) entries.push({ changedAt: at(a.effectiveStartDate), draft: { kind: a === records.assignments[0] ? 'new-starter' : 'assignment', personId, assignmentNumber: a.assignmentNumber } });
    if (within(a.effectiveEndDate)) entries.push({ changedAt: at(a.effectiveEndDate!), draft: { kind: 'leaver', personId, assignmentNumber: a.assignmentNumber } });
  }
  const lastName = records.person.previousNames.at(-1);
  if (lastName && within(lastName.changedOn)) entries.push({ changedAt: at(lastName.changedOn), draft: { kind: 'name-change', personId } });
  for (const c of records.competences) if (within(c.dateLastAwarded)) entries.push({ changedAt: at(c.dateLastAwarded), draft: { kind: 'competence', personId, item: competenceLabel(c) } });
  for (const r of records.registrations)
    if (within(r.registrationCheckDate)) entries.push({ changedAt: at(r.registrationCheckDate), draft: { kind: 'professional-registration', personId, item: r.professionalBody } });
  return entries;
}

export function generatePopulation(options: PopulationOptions): GeneratedPopulation {
  if (!DATE_RE.test(options.asOf)) throw new TypeError('asOf must be YYYY-MM-DD');
  const historyDays = options.historyDays ?? 14;
  const taken: TakenNumbers = { employeeNumbers: new Set(), personIds: new Set() };
  for (const p of options.pinned ?? []) {
    taken.personIds.add(p.person.personId);
    for (const a of p.assignments) taken.employeeNumbers.add(a.assignmentNumber.slice(0, 8));
  }
  const from = addDays(options.asOf, -historyDays);
  const to = addDays(options.asOf, -1);
  const history: HistoryEntry[] = [];
  const organisations = options.organisations.map((spec) => {
    if (!Number.isInteger(spec.size) || spec.size < 0) throw new TypeError('size must be a whole number');
    const context: PersonContext = { seed: options.seed, asOf: options.asOf, organisation: spec, taken };
    const people = (options.pinned ?? []).filter((p) => p.organisationCode === spec.code).map((p) => zEsrPersonRecords.parse(p));
    for (let i = 0; i < spec.size; i++) people.push(generatePerson(context, i));
    const random = createRandom(`${options.seed}|${spec.code}|history`);
    for (const p of people) for (const entry of historyOf(p, from, to, random)) history.push({ orgCode: spec.code, ...entry });
    return { code: spec.code, name: spec.name, people };
  });
  history.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || compare(a.draft.personId, b.draft.personId));
  return { organisations, history };
}
