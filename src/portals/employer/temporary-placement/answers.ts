// E12 temporary placement (DOMAIN.md §4.1): the answers of the position, department and licence
// pages, checked page by page, and the TemporaryPlacement subject they make
// (src/core/credentials/catalogue/temporary-placement.ts). The pages keep nothing on the server
// between steps: each page re-posts the earlier pages' answers as hidden fields, and every
// submission checks all of them again (a changed hidden field is caught like a typed one).
import type { CredentialSubject } from '../../../core/credentials/catalogue.ts';

export const PAGES = ['position', 'department', 'licence'] as const;
export type PageName = (typeof PAGES)[number];

/** Every field of every page (the hidden fields carried between pages). */
export const FIELDS: Record<PageName, readonly string[]> = {
  position: ['positionTitle', 'positionNumber', 'positionNumberUnknown', 'workPattern', 'startDate-day', 'startDate-month', 'startDate-year', 'endDate-day', 'endDate-month', 'endDate-year'],
  department: ['permanentEmployer', 'permanentEmployerOther', 'department', 'departmentContactName', 'departmentContactEmail', 'departmentContactTelephone', 'hrContact', 'approvedBy', 'additionalInformation'],
  licence: ['licenceToAttend'],
};

export const OTHER = 'other';
export interface EmployerChoice { ods: string; name: string }

type Values = Record<string, string>;
type Problem = { field: string; message: string };

const text = (values: Values, name: string) => (values[name] ?? '').trim();

function isoDate(values: Values, name: string): string | undefined {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(values, `${name}-${p}`));
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return undefined;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

function required(values: Values, name: string, message: string, max: number, problems: Problem[]): void {
  const v = text(values, name);
  if (!v) problems.push({ field: name, message });
  else if (v.length > max) problems.push({ field: name, message: `This answer must be ${max} characters or fewer` });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TELEPHONE = /^\+?[0-9 ()-]{7,20}$/;

/** The problems with one page's answers, in the order of its fields. */
export function pageProblems(page: PageName, values: Values, employers: readonly EmployerChoice[]): Problem[] {
  const problems: Problem[] = [];
  switch (page) {
    case 'position': {
      required(values, 'positionTitle', 'Enter the position title', 500, problems);
      const unknown = text(values, 'positionNumberUnknown') === 'yes';
      const number = text(values, 'positionNumber');
      if (unknown && number) problems.push({ field: 'positionNumber', message: 'Enter the position number or select "I do not know the position number", not both' });
      else if (!unknown && !number) problems.push({ field: 'positionNumber', message: 'Enter the position number or select "I do not know the position number"' });
      else if (number.length > 50) problems.push({ field: 'positionNumber', message: 'Position number must be 50 characters or fewer' });
      required(values, 'workPattern', 'Enter a brief description of the work pattern', 2000, problems);
      const start = isoDate(values, 'startDate');
      const end = isoDate(values, 'endDate');
      if (!start) problems.push({ field: 'startDate', message: 'Enter a real start date, for example 1 9 2026' });
      if (!end) problems.push({ field: 'endDate', message: 'Enter a real end date, for example 31 3 2027' });
      else if (start && end <= start) problems.push({ field: 'endDate', message: 'The end date must be after the start date' });
      break;
    }
    case 'department': {
      const employer = text(values, 'permanentEmployer');
      if (!employer) problems.push({ field: 'permanentEmployer', message: 'Select the permanent employer' });
      else if (employer === OTHER) {
        if (!text(values, 'permanentEmployerOther')) problems.push({ field: 'permanentEmployerOther', message: 'Enter the name of the permanent employer' });
        else if (text(values, 'permanentEmployerOther').length > 500) problems.push({ field: 'permanentEmployerOther', message: 'Permanent employer must be 500 characters or fewer' });
      } else if (!employers.some((e) => e.ods === employer)) problems.push({ field: 'permanentEmployer', message: 'Select the permanent employer' });
      required(values, 'department', 'Enter the department', 500, problems);
      required(values, 'departmentContactName', 'Enter the department contact name', 500, problems);
      const email = text(values, 'departmentContactEmail');
      if (!email) problems.push({ field: 'departmentContactEmail', message: 'Enter the department contact email address' });
      else if (!EMAIL.test(email) || email.length > 254) problems.push({ field: 'departmentContactEmail', message: 'Enter an email address in the correct format, like name@example.nhs.uk' });
      const phone = text(values, 'departmentContactTelephone');
      if (phone && !TELEPHONE.test(phone)) problems.push({ field: 'departmentContactTelephone', message: 'Enter a telephone number, like 01632 960 001' });
      required(values, 'hrContact', 'Enter the HR contact', 500, problems);
      required(values, 'approvedBy', 'Enter who approved the placement', 500, problems);
      if (text(values, 'additionalInformation').length > 2000) problems.push({ field: 'additionalInformation', message: 'Additional information must be 2000 characters or fewer' });
      break;
    }
    case 'licence':
      if (!['yes', 'no'].includes(text(values, 'licenceToAttend'))) problems.push({ field: 'licenceToAttend', message: 'Select whether this is a Licence to attend' });
      break;
  }
  return problems;
}

/** The subject (without `dspId`) of answers that passed every page. */
export function placementSubject(values: Values, employers: readonly EmployerChoice[], host: { name: string; odsCode: string }, now: Date): CredentialSubject {
  const employer = text(values, 'permanentEmployer');
  const chosen = employers.find((e) => e.ods === employer);
  const optional = (name: string, key: string) => (text(values, name) ? { [key]: text(values, name) } : {});
  return {
    positionTitle: text(values, 'positionTitle'),
    ...(text(values, 'positionNumberUnknown') === 'yes' ? {} : { positionNumber: text(values, 'positionNumber') }),
    workPatternDescription: text(values, 'workPattern'),
    startDate: isoDate(values, 'startDate')!,
    endDate: isoDate(values, 'endDate')!,
    ...(chosen ? { permanentEmployer: chosen.name, permanentEmployerOds: chosen.ods } : { permanentEmployer: text(values, 'permanentEmployerOther') }),
    hostOrganisation: host.name,
    hostOrganisationOds: host.odsCode,
    department: text(values, 'department'),
    departmentContactName: text(values, 'departmentContactName'),
    departmentContactEmail: text(values, 'departmentContactEmail'),
    ...optional('departmentContactTelephone', 'departmentContactTelephone'),
    hrContact: text(values, 'hrContact'),
    approvedBy: text(values, 'approvedBy'),
    ...optional('additionalInformation', 'additionalInformation'),
    licenceToAttend: text(values, 'licenceToAttend') === 'yes',
    // Entered and approved by the host trust's HR from its own records (our wording: the
    // catalogue's assurance examples have none for a placement).
    assurance: {
      origin: 'Host NHS organisation',
      assurancePolicy: 'Local contractual arrangement',
      assuranceOutcome: 'Placement approved',
      provider: host.name,
      verifier: 'Origin',
      verificationMethod: 'Record Verification',
      pedigree: 'Authoritative',
      lastRefresh: now.toISOString(),
    },
  };
}
