// The self-declared New Starter Information form (DOMAIN.md S9; the catalogue type in
// src/core/credentials/catalogue/new-starter-information.ts): four pages — personal information,
// identity document information, contact details, emergency contacts —, every field optional but
// checked when typed, and the credential subject built from the answers. Pure: `today` and `now`
// are arguments.
//
// What a page keeps between pages is what the person typed (trimmed), field by field, once the
// page is valid: the check-answers page and the subject are worked out from it again, so the
// stored journey is parsed like any other input (STYLE.md rule 10).
import type { CredentialSubject } from '../credentials/catalogue.ts';
import { validateSubject } from '../credentials/validate-subject.ts';
import { dateFromParts } from './identity-check.ts';

export const NSI_PAGES = ['personal-information', 'identity-document', 'contact-details', 'emergency-contacts'] as const;
export type NsiPage = (typeof NSI_PAGES)[number];

export const NSI_PAGE_TITLES: Readonly<Record<NsiPage, string>> = {
  'personal-information': 'Personal information',
  'identity-document': 'Identity document information',
  'contact-details': 'Contact details',
  'emergency-contacts': 'Emergency contacts',
};

/** Identity documents offered as choices (the catalogue's examples); any is optional. */
export const DOCUMENT_TYPES = ['Passport', 'Driving licence', 'Biometric residence permit', 'Another identity document'] as const;

/** How many emergency contacts the page asks for (the catalogue allows up to 5). */
export const EMERGENCY_CONTACTS = 2;

const contactFields = (n: number) => [`contact${n}-name`, `contact${n}-relationship`, `contact${n}-telephone`, `contact${n}-email`];

/** The form fields of each page, in page order (date fields by their day, month, year parts). */
export const NSI_FIELDS: Readonly<Record<NsiPage, readonly string[]>> = {
  'personal-information': [
    'title',
    'firstName',
    'middleNames',
    'lastName',
    'preferredName',
    'previousNames',
    'birthDate-day',
    'birthDate-month',
    'birthDate-year',
    'gender',
    'nationalInsuranceNumber',
  ],
  'identity-document': ['documentType', 'documentNumber', 'issuingCountry', 'expiryDate-day', 'expiryDate-month', 'expiryDate-year'],
  'contact-details': ['email', 'mobile', 'telephone', 'addressLine1', 'addressLine2', 'townOrCity', 'postcode'],
  'emergency-contacts': Array.from({ length: EMERGENCY_CONTACTS }, (_, i) => contactFields(i + 1)).flat(),
};

/** The answers of the journey: per page, the typed values of its fields (only those typed). */
export type NsiAnswers = Partial<Record<NsiPage, Record<string, string>>>;

export interface Problem {
  field: string;
  message: string;
}

export type PageResult = { ok: true; kept: Record<string, string> } | { ok: false; problems: Problem[]; values: Record<string, string> };

// The catalogue's own patterns (shared-schemas.ts), repeated as the form's checks so each gets a
// message for the person; the subject is validated against the schema again before it is used.
const TELEPHONE_CHARACTERS = /^\+?[0-9 ()-]{7,20}$/;
// Stricter than the schema: a whole number has 10 to 15 digits (UK numbers 10 or 11, E.164 at most 15).
const TELEPHONE = { test: (v: string) => TELEPHONE_CHARACTERS.test(v) && /^(\D*\d){10,15}\D*$/.test(v) };
const POSTCODE = /^[A-Za-z0-9 ]{2,10}$/;
const NI_NUMBER = /^[A-Z]{2}[0-9]{6}[A-D]$/;
const DOCUMENT_NUMBER = /^[A-Za-z0-9 -]{1,50}$/;
// RFC 5322's common form: what the schema's `format: email` accepts, without quoted local parts.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const compactNi = (v: string) => v.replace(/\s+/g, '').toUpperCase();

/** The typed values of a page's fields, trimmed; fields of other pages and empty ones left out. */
function keptOf(page: NsiPage, values: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const field of NSI_FIELDS[page]) {
    const v = values[field];
    if (typeof v !== 'string') continue;
    const trimmed = field === 'previousNames' ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('\n') : v.trim();
    if (trimmed) kept[field] = trimmed;
  }
  return kept;
}

function checkLength(problems: Problem[], kept: Record<string, string>, field: string, label: string, max: number): void {
  const v = kept[field];
  if (v !== undefined && v.length > max) problems.push({ field, message: `${label} must be ${max} characters or fewer` });
}

function checkDate(problems: Problem[], kept: Record<string, string>, field: string, label: string, rule?: { before?: string; message?: string }): string | undefined {
  const parts = [kept[`${field}-day`], kept[`${field}-month`], kept[`${field}-year`]];
  if (parts.every((p) => p === undefined)) return undefined;
  const { iso } = dateFromParts(...(parts as [string | undefined, string | undefined, string | undefined]));
  if (!iso) {
    problems.push({ field, message: `${label} must be a real date, like 12 4 1990` });
    return undefined;
  }
  if (iso < '1900-01-01') {
    problems.push({ field, message: `${label} must be after 1 January 1900` });
    return undefined;
  }
  if (rule?.before && iso >= rule.before) {
    problems.push({ field, message: rule.message ?? `${label} must be in the past` });
    return undefined;
  }
  return iso;
}

/** Checks one page as posted; `today` is `YYYY-MM-DD`. */
export function parseNsiPage(page: NsiPage, values: Record<string, string>, today: string): PageResult {
  const kept = keptOf(page, values);
  const problems: Problem[] = [];
  switch (page) {
    case 'personal-information': {
      checkLength(problems, kept, 'title', 'Title', 35);
      checkLength(problems, kept, 'firstName', 'First name', 100);
      checkLength(problems, kept, 'middleNames', 'Middle names', 100);
      checkLength(problems, kept, 'lastName', 'Last name', 100);
      checkLength(problems, kept, 'preferredName', 'Preferred name', 100);
      const previous = kept.previousNames?.split('\n') ?? [];
      if (previous.length > 10) problems.push({ field: 'previousNames', message: 'Enter up to 10 previous names' });
      else if (previous.some((n) => n.length > 100)) problems.push({ field: 'previousNames', message: 'Each previous name must be 100 characters or fewer' });
      checkDate(problems, kept, 'birthDate', 'Date of birth', { before: today });
      checkLength(problems, kept, 'gender', 'Gender', 100);
      if (kept.nationalInsuranceNumber !== undefined && !NI_NUMBER.test(compactNi(kept.nationalInsuranceNumber))) {
        problems.push({ field: 'nationalInsuranceNumber', message: 'Enter a National Insurance number in the correct format, like QQ 12 34 56 C' });
      }
      break;
    }
    case 'identity-document': {
      if (kept.documentType !== undefined && !(DOCUMENT_TYPES as readonly string[]).includes(kept.documentType)) problems.push({ field: 'documentType', message: 'Select the type of identity document' });
      if (kept.documentNumber !== undefined && !DOCUMENT_NUMBER.test(kept.documentNumber)) {
        problems.push({ field: 'documentNumber', message: 'Document number must be 50 characters or fewer and use only letters, numbers, spaces and hyphens' });
      }
      checkLength(problems, kept, 'issuingCountry', 'Issuing country', 100);
      checkDate(problems, kept, 'expiryDate', 'Expiry date');
      break;
    }
    case 'contact-details': {
      if (kept.email !== undefined && (kept.email.length > 254 || !EMAIL.test(kept.email))) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
      if (kept.mobile !== undefined && !TELEPHONE.test(kept.mobile)) problems.push({ field: 'mobile', message: 'Enter a mobile number, like 07700 900 982 or +44 7700 900 982' });
      if (kept.telephone !== undefined && !TELEPHONE.test(kept.telephone)) problems.push({ field: 'telephone', message: 'Enter a telephone number, like 01632 960 001 or +44 1632 960 001' });
      const anyAddress = ['addressLine2', 'townOrCity', 'postcode'].some((f) => kept[f] !== undefined);
      if (kept.addressLine1 === undefined && anyAddress) problems.push({ field: 'addressLine1', message: 'Enter the first line of the address, or clear the other address fields' });
      checkLength(problems, kept, 'addressLine1', 'Address line 1', 200);
      checkLength(problems, kept, 'addressLine2', 'Address line 2', 200);
      checkLength(problems, kept, 'townOrCity', 'Town or city', 100);
      if (kept.postcode !== undefined && !POSTCODE.test(kept.postcode)) problems.push({ field: 'postcode', message: 'Enter a real postcode, like LS1 4AP' });
      break;
    }
    case 'emergency-contacts': {
      for (let n = 1; n <= EMERGENCY_CONTACTS; n++) {
        const [name, relationship, telephone, email] = contactFields(n);
        const typed = [relationship!, telephone!, email!].some((f) => kept[f] !== undefined);
        if (kept[name!] === undefined && typed) problems.push({ field: name!, message: `Enter the name of emergency contact ${n}` });
        checkLength(problems, kept, name!, `The name of emergency contact ${n}`, 200);
        checkLength(problems, kept, relationship!, `The relationship of emergency contact ${n}`, 100);
        if (kept[telephone!] !== undefined && !TELEPHONE.test(kept[telephone!]!)) problems.push({ field: telephone!, message: `Enter a telephone number for emergency contact ${n}, like 07700 900 982` });
        if (kept[email!] !== undefined && (kept[email!]!.length > 254 || !EMAIL.test(kept[email!]!))) {
          problems.push({ field: email!, message: `Enter an email address for emergency contact ${n} in the correct format, like name@example.com` });
        }
      }
      break;
    }
  }
  return problems.length > 0 ? { ok: false, problems, values: { ...values } } : { ok: true, kept };
}

/** The answers from the journey, each page parsed again; a page that no longer parses is dropped. */
export function readNsiAnswers(raw: unknown, today: string): NsiAnswers {
  const answers: NsiAnswers = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return answers;
  for (const page of NSI_PAGES) {
    const section = (raw as Record<string, unknown>)[page];
    if (!section || typeof section !== 'object' || Array.isArray(section)) continue;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(section)) if (typeof v === 'string') values[k] = v;
    const parsed = parseNsiPage(page, values, today);
    if (parsed.ok && Object.keys(parsed.kept).length > 0) answers[page] = parsed.kept;
  }
  return answers;
}

const isoOf = (kept: Record<string, string>, field: string) => dateFromParts(kept[`${field}-day`], kept[`${field}-month`], kept[`${field}-year`]).iso;

const compact = (o: Record<string, unknown>): Record<string, unknown> | undefined => {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return Object.keys(out).length > 0 ? out : undefined;
};

/** The sections of the subject (without `dspId` and `assurance`), only those with something in them. */
export function nsiSections(answers: NsiAnswers): Record<string, unknown> {
  const p = answers['personal-information'] ?? {};
  const d = answers['identity-document'] ?? {};
  const c = answers['contact-details'] ?? {};
  const e = answers['emergency-contacts'] ?? {};
  const previousNames = p.previousNames?.split('\n').filter(Boolean);
  const personalInformation = compact({
    title: p.title,
    firstName: p.firstName,
    middleNames: p.middleNames,
    lastName: p.lastName,
    preferredName: p.preferredName,
    previousNames: previousNames && previousNames.length > 0 ? previousNames : undefined,
    birthDate: isoOf(p, 'birthDate'),
    gender: p.gender,
    nationalInsuranceNumber: p.nationalInsuranceNumber ? compactNi(p.nationalInsuranceNumber) : undefined,
  });
  const identityDocumentInformation = compact({ documentType: d.documentType, documentNumber: d.documentNumber, issuingCountry: d.issuingCountry, expiryDate: isoOf(d, 'expiryDate') });
  const addressLines = [c.addressLine1, c.addressLine2].filter((l): l is string => Boolean(l));
  const contactDetails = compact({
    email: c.email,
    mobile: c.mobile,
    telephone: c.telephone,
    address: addressLines.length > 0 ? compact({ addressLines, townOrCity: c.townOrCity, postcode: c.postcode?.toUpperCase() }) : undefined,
  });
  const emergencyContacts = Array.from({ length: EMERGENCY_CONTACTS }, (_, i) => {
    const [name, relationship, telephone, email] = contactFields(i + 1);
    return compact({ name: e[name!], relationship: e[relationship!], telephone: e[telephone!], email: e[email!] });
  }).filter((x): x is Record<string, unknown> => x !== undefined);
  return Object.fromEntries(
    Object.entries({ personalInformation, identityDocumentInformation, contactDetails, emergencyContacts: emergencyContacts.length > 0 ? emergencyContacts : undefined }).filter(([, v]) => v !== undefined),
  );
}

/** The assurance block of a self-declared credential (DOMAIN.md §5.2; `Self-asserted`, as the catalogue's sample). */
export function selfDeclaredAssurance(organisationName: string, now: Date) {
  return {
    origin: 'Self-declared',
    assurancePolicy: 'Local contractual arrangement',
    assuranceOutcome: 'Self-declared',
    provider: organisationName,
    verifier: 'Origin',
    verificationMethod: 'Not verified',
    pedigree: 'Self-asserted' as const,
    lastRefresh: now.toISOString(),
  };
}

/** The credential subject; its schema violations (there should be none) are thrown. */
export function newStarterInformationSubject(answers: NsiAnswers, context: { dspId: string; organisationName: string; now: Date }): CredentialSubject {
  const subject: CredentialSubject = { dspId: context.dspId, ...nsiSections(answers), assurance: selfDeclaredAssurance(context.organisationName, context.now) };
  const errors = validateSubject('NewStarterInformation', subject);
  if (errors.length > 0) throw new TypeError(`NewStarterInformation subject is not valid: ${errors.map((e) => e.path).join(', ')}`);
  return subject;
}

export interface SummarySection {
  page: NsiPage;
  title: string;
  rows: Array<{ key: string; value: string }>;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const dayText = (iso: string | undefined) => (iso ? DATE_FORMAT.format(new Date(`${iso}T00:00:00Z`)) : undefined);

/** What the check-answers page lists, section by section (only what was typed). */
export function nsiSummary(answers: NsiAnswers): SummarySection[] {
  const p = answers['personal-information'] ?? {};
  const d = answers['identity-document'] ?? {};
  const c = answers['contact-details'] ?? {};
  const e = answers['emergency-contacts'] ?? {};
  const rows = (list: Array<[string, string | undefined]>) => list.filter((r): r is [string, string] => Boolean(r[1])).map(([key, value]) => ({ key, value }));
  return [
    {
      page: 'personal-information',
      title: NSI_PAGE_TITLES['personal-information'],
      rows: rows([
        ['Title', p.title],
        ['First name', p.firstName],
        ['Middle names', p.middleNames],
        ['Last name', p.lastName],
        ['Preferred name', p.preferredName],
        ['Previous names', p.previousNames?.split('\n').join(', ')],
        ['Date of birth', dayText(isoOf(p, 'birthDate'))],
        ['Gender', p.gender],
        ['National Insurance number', p.nationalInsuranceNumber ? compactNi(p.nationalInsuranceNumber) : undefined],
      ]),
    },
    {
      page: 'identity-document',
      title: NSI_PAGE_TITLES['identity-document'],
      rows: rows([
        ['Document type', d.documentType],
        ['Document number', d.documentNumber],
        ['Issuing country', d.issuingCountry],
        ['Expiry date', dayText(isoOf(d, 'expiryDate'))],
      ]),
    },
    {
      page: 'contact-details',
      title: NSI_PAGE_TITLES['contact-details'],
      rows: rows([
        ['Email address', c.email],
        ['Mobile number', c.mobile],
        ['Telephone number', c.telephone],
        ['Address', [c.addressLine1, c.addressLine2, c.townOrCity, c.postcode?.toUpperCase()].filter(Boolean).join(', ') || undefined],
      ]),
    },
    {
      page: 'emergency-contacts',
      title: NSI_PAGE_TITLES['emergency-contacts'],
      rows: Array.from({ length: EMERGENCY_CONTACTS }, (_, i) => {
        const [name, relationship, telephone, email] = contactFields(i + 1);
        const parts = [e[name!], e[relationship!], e[telephone!], e[email!]].filter(Boolean);
        return [`Emergency contact ${i + 1}`, parts.length > 0 ? parts.join(', ') : undefined] as [string, string | undefined];
      })
        .filter((r): r is [string, string] => Boolean(r[1]))
        .map(([key, value]) => ({ key, value })),
    },
  ];
}
