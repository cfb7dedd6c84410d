// The ESR simulator's state: a generated population in an in-memory store (nothing is written to
// the database: the simulator stands in for a system outside ours, and restarting it gives the
// same people again), the changes a test or demo makes to it, and the faults it is told to show.
// Every change goes through the store, so it appears in the change feed.
import { CSTF_COMPETENCIES } from '../../../core/credentials/catalogue.ts';
import { addPeriod } from '../../../core/credentials/catalogue/expiry.ts';
import {
  TERMINATED_ASSIGNMENT_STATUS,
  competenceKey,
  isTerminated,
  zEsrPersonRecords,
  type EsrAssignment,
  type EsrChange,
  type EsrCompetence,
  type EsrOccupationalHealth,
  type EsrPersonRecords,
  type EsrProfessionalRegistration,
} from '../../../core/esr/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { createEsrMemoryStore, type EsrMemoryStore } from '../memory-store.ts';
import type { EsrPort } from '../port.ts';
import { DEMO_ASSIGNMENT_NUMBER, DEMO_ORG_CODE, DEMO_TRUST_NAMES, demoPeople } from './demo-people.ts';
import { createFaultBoard, type FaultBoard } from './faults.ts';
import { addDays, generatePerson, generatePopulation, type TakenNumbers } from './generate-population.ts';
import { JOB_PROFILES, LAST_NAMES, RENEWAL_YEARS } from './population-data.ts';
import { createRandom } from './random.ts';

/** Every department of the job profiles, for moves between departments. */
const DEPARTMENTS = [...new Set(JOB_PROFILES.flatMap((p) => p.departments.map(([d]) => d)))];

export interface EsrSimulatorOptions {
  /** Same seed, size and day: same people. */
  seed: string;
  /** Generated people per organisation (the demo person comes on top). */
  size: number;
  /** ODS codes of the organisations with an ESR population. */
  organisations: readonly string[];
  clock: Clock;
  /** A fresh change-feed epoch (lower-case letters and digits) each time the population is (re)generated. */
  newEpoch: () => string;
  /** Days of history the change feed starts with (default 14). */
  historyDays?: number;
  /** Include the demo world's people (default true). */
  demoPeople?: boolean;
}

/** A control request the simulator cannot carry out; `status` is what the control endpoint answers. */
export class SimulatorRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorRequestError';
  }
}

export interface NameChange {
  firstName?: string;
  /** `null` removes the middle names. */
  middleNames?: string | null;
  lastName?: string;
  /** Default: today. */
  changedOn?: string;
}

export interface CompetenceAward {
  competencyName: string;
  /** Default: the competency's first level in the catalogue. */
  subjectLevel?: string;
  /** Default: today. */
  dateLastAwarded?: string;
  learningMethod?: string;
  awardingOrganisation?: string;
}

export type AssignmentUpdate = Partial<
  Pick<
    EsrAssignment,
    'department' | 'areaOfWork' | 'staffGroup' | 'jobRole' | 'jobTitle' | 'assignmentCategory' | 'assignmentStatus' | 'fixedTermContractEndDate' | 'occupationCode' | 'payBandOrPayScale'
  >
>;

export interface SimulatorExample {
  label: string;
  assignmentNumber: string;
  personId: string;
}

export interface EsrSimulator {
  readonly port: EsrPort;
  readonly faults: FaultBoard;
  store(): EsrMemoryStore;
  settings(): { seed: string; size: number; organisations: string[]; asOf: string; epoch: string };
  rename(orgCode: string, personId: string, change: NameChange): EsrChange[];
  makeLeaver(orgCode: string, assignmentNumber: string, leavingDate?: string): EsrChange[];
  updateAssignment(orgCode: string, assignmentNumber: string, update: AssignmentUpdate): EsrChange[];
  awardCompetence(orgCode: string, personId: string, award: CompetenceAward): EsrChange[];
  setRegistration(orgCode: string, personId: string, registration: EsrProfessionalRegistration): EsrChange[];
  addOccupationalHealth(orgCode: string, personId: string, records: Partial<EsrOccupationalHealth>): EsrChange[];
  /** Replaces (or adds) a person's records as given. */
  putPerson(records: EsrPersonRecords): EsrChange[];
  removePerson(orgCode: string, personId: string): EsrChange[];
  /** A new starter, generated, starting today. */
  hire(orgCode: string): { records: EsrPersonRecords; changes: EsrChange[] };
  /**
   * Changes a share of the organisation's current staff, one realistic change each (mostly a
   * renewed competence; also registration checks, new pay bands, name changes, leavers): a day of
   * ESR activity for a demo, or "10% changed records" for a benchmark. Seeded: the same seed and
   * call order give the same changes.
   */
  churn(orgCode: string, fraction: number): { people: number; changes: EsrChange[] };
  /** Assignment numbers worth trying in a demo: the demo person, expired and expiring training, a leaver, a name change. */
  examples(orgCode: string): SimulatorExample[];
  /** Generates the population again (a new epoch: earlier cursors expire) and clears every fault. */
  reset(): void;
}

function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

function organisationName(code: string): string {
  return DEMO_TRUST_NAMES[code] ?? `Simulated NHS Trust ${code}`;
}

export function createEsrSimulator(options: EsrSimulatorOptions): EsrSimulator {
  if (!Number.isInteger(options.size) || options.size < 0) throw new TypeError('size must be a whole number');
  if (options.organisations.length === 0) throw new TypeError('the simulator needs at least one organisation');
  const faults = createFaultBoard();
  let store: EsrMemoryStore;
  let asOf: string;
  let taken: TakenNumbers;
  const hires = new Map<string, number>();
  let churns = 0;

  function generate(): void {
    asOf = today(options.clock);
    const pinned = options.demoPeople === false ? [] : demoPeople().filter((p) => options.organisations.includes(p.organisationCode));
    const population = generatePopulation({
      seed: options.seed,
      asOf,
      organisations: options.organisations.map((code) => ({ code, name: organisationName(code), size: options.size })),
      pinned,
      historyDays: options.historyDays ?? 14,
    });
    const fresh = createEsrMemoryStore({ clock: options.clock, epoch: options.newEpoch() });
    for (const org of population.organisations) {
      fresh.addOrganisation(org.code);
      for (const records of org.people) fresh.load(records);
    }
    for (const entry of population.history) fresh.appendHistory(entry.orgCode, [{ changedAt: entry.changedAt, draft: entry.draft }]);
    taken = { employeeNumbers: new Set(), personIds: new Set() };
    for (const org of population.organisations)
      for (const p of org.people) {
        taken.personIds.add(p.person.personId);
        for (const a of p.assignments) taken.employeeNumbers.add(a.assignmentNumber.slice(0, 8));
      }
    hires.clear();
    churns = 0;
    store = fresh;
  }
  generate();

  function personOf(orgCode: string, personId: string): EsrPersonRecords {
    if (!store.hasOrganisation(orgCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
    const records = store.person(orgCode, personId);
    if (!records) throw new SimulatorRequestError(404, 'No person with that ESR person id');
    return structuredClone(records);
  }

  function holderOf(orgCode: string, assignmentNumber: string): EsrPersonRecords {
    if (!store.hasOrganisation(orgCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
    const records = store.personByAssignment(orgCode, assignmentNumber);
    if (!records) throw new SimulatorRequestError(404, 'No assignment with that number');
    return structuredClone(records);
  }

  /** Validates the changed records (a control request may make them invalid) and stores them. */
  function save(records: EsrPersonRecords): EsrChange[] {
    const parsed = zEsrPersonRecords.safeParse(records);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(records)'}: ${i.message}`);
      throw new SimulatorRequestError(400, `The change would make the records invalid: ${problems.join('; ')}`);
    }
    try {
      return store.put(parsed.data);
    } catch (error) {
      if (error instanceof TypeError) throw new SimulatorRequestError(409, error.message);
      throw error;
    }
  }

  const simulator: EsrSimulator = {
    get port() {
      return store.port;
    },
    faults,
    store: () => store,
    settings: () => ({ seed: options.seed, size: options.size, organisations: [...options.organisations], asOf, epoch: store.epoch }),

    rename(orgCode, personId, change) {
      const records = personOf(orgCode, personId);
      const { person } = records;
      if (change.firstName === undefined && change.lastName === undefined && change.middleNames === undefined)
        throw new SimulatorRequestError(400, 'Give a new first name, middle names or last name');
      person.previousNames.push({ firstName: person.firstName, lastName: person.lastName, changedOn: change.changedOn ?? today(options.clock) });
      if (change.firstName !== undefined) person.firstName = change.firstName;
      if (change.lastName !== undefined) person.lastName = change.lastName;
      if (change.middleNames === null) delete person.middleNames;
      else if (change.middleNames !== undefined) person.middleNames = change.middleNames;
      return save(records);
    },

    makeLeaver(orgCode, assignmentNumber, leavingDate) {
      const records = holderOf(orgCode, assignmentNumber);
      const assignment = records.assignments.find((a) => a.assignmentNumber === assignmentNumber)!;
      if (isTerminated(assignment)) throw new SimulatorRequestError(409, 'That assignment has already ended');
      assignment.assignmentStatus = TERMINATED_ASSIGNMENT_STATUS;
      assignment.effectiveEndDate = leavingDate ?? today(options.clock);
      if (assignment.effectiveEndDate < assignment.effectiveStartDate) throw new SimulatorRequestError(400, 'The leaving date is before the assignment started');
      return save(records);
    },

    updateAssignment(orgCode, assignmentNumber, update) {
      const records = holderOf(orgCode, assignmentNumber);
      const index = records.assignments.findIndex((a) => a.assignmentNumber === assignmentNumber);
      records.assignments[index] = { ...records.assignments[index]!, ...update };
      return save(records);
    },

    awardCompetence(orgCode, personId, award) {
      const records = personOf(orgCode, personId);
      const catalogue = CSTF_COMPETENCIES.find((c) => c.competencyName === award.competencyName);
      if (!catalogue) throw new SimulatorRequestError(400, 'competencyName is not a CSTF competency of the catalogue');
      const level = award.subjectLevel ?? catalogue.levels[0]!;
      if (!catalogue.levels.includes(level)) throw new SimulatorRequestError(400, `subjectLevel must be one of: ${catalogue.levels.join(', ')}`);
      const years = RENEWAL_YEARS[`${catalogue.competencyName}|${level}`] ?? 3;
      const dateLastAwarded = award.dateLastAwarded ?? today(options.clock);
      const learningMethod = award.learningMethod ?? 'E-Learning';
      const competence: EsrCompetence = {
        competencyFramework: 'CSTF',
        subjectName: catalogue.subjectName,
        competencyName: catalogue.competencyName,
        subjectLevel: level,
        attainmentStatus: 'ACHIEVED',
        dateLastAwarded,
        dateTo: addPeriod(dateLastAwarded, years, 'years'),
        renewalPeriodNumber: years,
        renewalPeriodUnits: years === 1 ? 'Year' : 'Years',
        proficiencyLevel: learningMethod === 'E-Learning' ? '0 - Not Assessed' : '1 - Assessed',
        learningMethod,
        awardingOrganisation: award.awardingOrganisation ?? orgCode,
      };
      const key = competenceKey(competence);
      records.competences = [...records.competences.filter((c) => competenceKey(c) !== key), competence];
      return save(records);
    },

    setRegistration(orgCode, personId, registration) {
      const records = personOf(orgCode, personId);
      records.registrations = [...records.registrations.filter((r) => r.professionalBody !== registration.professionalBody), registration];
      return save(records);
    },

    addOccupationalHealth(orgCode, personId, added) {
      const records = personOf(orgCode, personId);
      const oh = records.occupationalHealth;
      oh.vaccinations.push(...(added.vaccinations ?? []));
      oh.clinicalTests.push(...(added.clinicalTests ?? []));
      oh.observations.push(...(added.observations ?? []));
      return save(records);
    },

    putPerson(records) {
      if (!store.hasOrganisation(records.organisationCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
      const changes = save(records);
      taken.personIds.add(records.person.personId);
      for (const a of records.assignments) taken.employeeNumbers.add(a.assignmentNumber.slice(0, 8));
      return changes;
    },

    removePerson(orgCode, personId) {
      personOf(orgCode, personId);
      return store.remove(orgCode, personId);
    },

    hire(orgCode) {
      if (!store.hasOrganisation(orgCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
      const n = hires.get(orgCode) ?? 0;
      hires.set(orgCode, n + 1);
      const day = today(options.clock);
      // Drawn like everyone else (index past the generated ones), then starting today.
      const records = generatePerson({ seed: options.seed, asOf: day, organisation: { code: orgCode, name: organisationName(orgCode) }, taken }, options.size + n, { newStarter: true });
      for (const a of records.assignments) {
        a.effectiveStartDate = day;
        a.assignmentStatus = 'Active Assignment';
        delete a.effectiveEndDate;
      }
      const changes = save(records);
      return { records: structuredClone(store.person(orgCode, records.person.personId)!), changes };
    },

    churn(orgCode, fraction) {
      if (!store.hasOrganisation(orgCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
      if (!(fraction > 0 && fraction <= 1)) throw new SimulatorRequestError(400, 'fraction must be more than 0 and at most 1');
      const random = createRandom(`${options.seed}|${orgCode}|churn|${churns++}`);
      const day = today(options.clock);
      const staff = [...store.people(orgCode)].filter((r) => r.assignments.some((a) => !isTerminated(a)));
      const count = Math.round(staff.length * fraction);
      // A partial Fisher–Yates shuffle picks `count` different people.
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(random.next() * (staff.length - i));
        [staff[i], staff[j]] = [staff[j]!, staff[i]!];
      }
      const changes: EsrChange[] = [];
      for (const records of staff.slice(0, count)) {
        const personId = records.person.personId;
        const active = records.assignments.find((a) => !isTerminated(a))!;
        const kind = random.weighted([['competence', 70], ['registration', 10], ['assignment', 10], ['name', 5], ['leaver', 5]] as const);
        if (kind === 'competence' && records.competences.length > 0) {
          const c = random.pick(records.competences);
          changes.push(...simulator.awardCompetence(orgCode, personId, { competencyName: c.competencyName, subjectLevel: c.subjectLevel, dateLastAwarded: day, ...(c.learningMethod ? { learningMethod: c.learningMethod } : {}) }));
        } else if (kind === 'registration' && records.registrations.length > 0) {
          changes.push(...simulator.setRegistration(orgCode, personId, { ...random.pick(records.registrations), registrationCheckDate: day }));
        } else if (kind === 'name') {
          changes.push(...simulator.rename(orgCode, personId, { lastName: random.pick(LAST_NAMES.filter((n) => n !== records.person.lastName)) }));
        } else if (kind === 'leaver') {
          changes.push(...simulator.makeLeaver(orgCode, active.assignmentNumber, day));
        } else {
          changes.push(...simulator.updateAssignment(orgCode, active.assignmentNumber, { department: random.pick(DEPARTMENTS.filter((d) => d !== active.department)) }));
        }
      }
      return { people: count, changes };
    },

    examples(orgCode) {
      if (!store.hasOrganisation(orgCode)) throw new SimulatorRequestError(404, 'The simulator has no such organisation');
      const day = today(options.clock);
      const soon = addDays(day, 30);
      const found: SimulatorExample[] = [];
      const wanted: [string, (r: EsrPersonRecords) => boolean][] = [
        ['demo person (Olivia Bennett)', () => true],
        ['all training current', (r) => !r.assignments.some(isTerminated) && r.competences.length > 0 && r.competences.every((c) => c.dateTo === undefined || c.dateTo > soon)],
        ['training expiring within 30 days', (r) => !r.assignments.some(isTerminated) && r.competences.some((c) => c.dateTo !== undefined && c.dateTo >= day && c.dateTo <= soon)],
        ['expired training', (r) => !r.assignments.some(isTerminated) && r.competences.some((c) => c.dateTo !== undefined && c.dateTo < day)],
        ['leaver', (r) => r.assignments.some(isTerminated)],
        ['name changed', (r) => r.person.previousNames.length > 0],
        ['second (bank) assignment', (r) => r.assignments.length > 1],
        ['registered nurse or midwife (NMC)', (r) => r.registrations.some((g) => g.professionalBody === 'Nursing and Midwifery Council')],
        ['doctor (GMC)', (r) => r.registrations.some((g) => g.professionalBody === 'General Medical Council')],
      ];
      const isDemo = (r: EsrPersonRecords) => orgCode === DEMO_ORG_CODE && r.assignments.some((a) => a.assignmentNumber === DEMO_ASSIGNMENT_NUMBER);
      for (const [label, matches] of wanted) {
        for (const r of store.people(orgCode)) {
          // The demo person has an entry of her own; every other example is someone else.
          if (isDemo(r) !== label.startsWith('demo') || !matches(r)) continue;
          found.push({ label, assignmentNumber: r.assignments[0]!.assignmentNumber, personId: r.person.personId });
          break;
        }
      }
      return found;
    },

    reset() {
      faults.clear();
      generate();
    },
  };
  return simulator;
}
