// The data the simulated population is drawn from: staff groups in roughly the proportions of
// the NHS workforce in England, job profiles per group (titles, pay bands, departments, which
// regulator registers them, which CSTF competences they hold), CSTF renewal periods, names, and
// occupational health record templates. Everything is fictional; proportions and periods are
// typical values chosen to give a realistic mix, not any trust's policy.
import type { StaffGroup } from '../../../core/esr/index.ts';

/** Share of staff per ESR staff group (approximately NHS England workforce statistics). */
export const STAFF_GROUP_WEIGHTS: readonly (readonly [StaffGroup, number])[] = [
  ['Nursing and Midwifery Registered', 26],
  ['Additional Clinical Services', 22],
  ['Administrative and Clerical', 21],
  ['Medical and Dental', 10],
  ['Allied Health Professionals', 7],
  ['Estates and Ancillary', 7],
  ['Additional Professional Scientific and Technical', 4],
  ['Healthcare Scientists', 2],
  ['Students – non-medical', 0.7],
  ['Students – medical undergraduate', 0.3],
];

/** A competency of the catalogue (CSTF_COMPETENCIES) at one of its levels. */
export type CompetenceRef = readonly [competencyName: string, level: string];

/** Renewal periods in years, per competency and level: typical CSTF-aligned values. */
export const RENEWAL_YEARS: Readonly<Record<string, number>> = {
  'Conflict Resolution|1': 3,
  'Equality, Diversity and Human Rights|1': 3,
  'Fire Safety|1': 2,
  'Health, Safety and Welfare|1': 3,
  'Infection Prevention and Control|1': 3,
  'Infection Prevention and Control|2': 1,
  'Information Governance and Data Security|1': 1,
  'Moving and Handling|1': 3,
  'Moving and Handling|2': 2,
  'Preventing Radicalisation - Basic Prevent Awareness|1': 3,
  'Preventing Radicalisation - Prevent Awareness|1': 3,
  'Resuscitation|1': 1,
  'Resuscitation - Adult Basic Life Support|2': 1,
  'Resuscitation - Adult Immediate Life Support|3': 1,
  'Resuscitation - Newborn Basic Life Support|2': 1,
  'Resuscitation - Newborn Immediate Life Support|3': 1,
  'Resuscitation - Paediatric Basic Life Support|2': 1,
  'Resuscitation - Paediatric Immediate Life Support|3': 1,
  'Safeguarding Adults|1': 3,
  'Safeguarding Adults|2': 3,
  'Safeguarding Adults|3': 3,
  'Safeguarding Children|1': 3,
  'Safeguarding Children|2': 3,
  'Safeguarding Children|3': 3,
};

const CORE: readonly CompetenceRef[] = [
  ['Conflict Resolution', '1'],
  ['Equality, Diversity and Human Rights', '1'],
  ['Fire Safety', '1'],
  ['Health, Safety and Welfare', '1'],
  ['Information Governance and Data Security', '1'],
];

export const COMPETENCE_SETS = {
  nonClinical: [
    ...CORE,
    ['Infection Prevention and Control', '1'],
    ['Moving and Handling', '1'],
    ['Preventing Radicalisation - Basic Prevent Awareness', '1'],
    ['Resuscitation', '1'],
    ['Safeguarding Adults', '1'],
    ['Safeguarding Children', '1'],
  ],
  clinical: [
    ...CORE,
    ['Infection Prevention and Control', '2'],
    ['Moving and Handling', '2'],
    ['Preventing Radicalisation - Prevent Awareness', '1'],
    ['Resuscitation - Adult Basic Life Support', '2'],
    ['Safeguarding Adults', '2'],
    ['Safeguarding Children', '2'],
  ],
  registered: [
    ...CORE,
    ['Infection Prevention and Control', '2'],
    ['Moving and Handling', '2'],
    ['Preventing Radicalisation - Prevent Awareness', '1'],
    ['Resuscitation - Adult Basic Life Support', '2'],
    ['Safeguarding Adults', '2'],
    ['Safeguarding Children', '3'],
  ],
  acute: [
    ...CORE,
    ['Infection Prevention and Control', '2'],
    ['Moving and Handling', '2'],
    ['Preventing Radicalisation - Prevent Awareness', '1'],
    ['Resuscitation - Adult Immediate Life Support', '3'],
    ['Safeguarding Adults', '3'],
    ['Safeguarding Children', '3'],
  ],
  paediatric: [
    ...CORE,
    ['Infection Prevention and Control', '2'],
    ['Moving and Handling', '2'],
    ['Preventing Radicalisation - Prevent Awareness', '1'],
    ['Resuscitation - Paediatric Basic Life Support', '2'],
    ['Safeguarding Adults', '2'],
    ['Safeguarding Children', '3'],
  ],
  maternity: [
    ...CORE,
    ['Infection Prevention and Control', '2'],
    ['Moving and Handling', '2'],
    ['Preventing Radicalisation - Prevent Awareness', '1'],
    ['Resuscitation - Adult Basic Life Support', '2'],
    ['Resuscitation - Newborn Immediate Life Support', '3'],
    ['Safeguarding Adults', '2'],
    ['Safeguarding Children', '3'],
  ],
} as const satisfies Record<string, readonly CompetenceRef[]>;
export type CompetenceSet = keyof typeof COMPETENCE_SETS;

/** How a regulator numbers its registrants; HCPC numbers start with the profession's letters. */
export type RegistrationScheme =
  | { body: 'Nursing and Midwifery Council' }
  | { body: 'General Medical Council' }
  | { body: 'General Dental Council' }
  | { body: 'General Pharmaceutical Council' }
  | { body: 'Health and Care Professions Council'; prefix: string };

export interface JobProfile {
  staffGroup: StaffGroup;
  weight: number;
  jobRole: string;
  jobTitles: readonly string[];
  occupationCode: string;
  payBands: readonly string[];
  /** [department, area of work] */
  departments: readonly (readonly [string, string])[];
  competences: CompetenceSet;
  clinical: boolean;
  registration?: RegistrationScheme;
  /** Doctors in training and students: fixed-term posts. */
  fixedTerm?: boolean;
  ages?: readonly [number, number];
}

const WARDS: readonly (readonly [string, string])[] = [
  ['Acute Medical Unit', 'Acute Medicine'],
  ['Ward 7 Elderly Care', 'Medicine for Older People'],
  ['Ward 12 Respiratory', 'Respiratory Medicine'],
  ['Cardiology Ward', 'Cardiology'],
  ['Surgical Assessment Unit', 'General Surgery'],
  ['Orthopaedic Ward', 'Trauma and Orthopaedics'],
  ['Emergency Department', 'Emergency Medicine'],
  ['Critical Care Unit', 'Critical Care'],
  ['District Nursing Team North', 'Community Nursing'],
  ['Stroke Unit', 'Stroke Medicine'],
];

export const JOB_PROFILES: readonly JobProfile[] = [
  // Nursing and Midwifery Registered
  { staffGroup: 'Nursing and Midwifery Registered', weight: 55, jobRole: 'Staff Nurse', jobTitles: ['Registered Nurse - Adult', 'Staff Nurse'], occupationCode: 'N0C', payBands: ['Band 5'], departments: WARDS, competences: 'registered', clinical: true, registration: { body: 'Nursing and Midwifery Council' } },
  { staffGroup: 'Nursing and Midwifery Registered', weight: 18, jobRole: 'Sister/Charge Nurse', jobTitles: ['Ward Sister', 'Charge Nurse', 'Senior Staff Nurse'], occupationCode: 'N0B', payBands: ['Band 6', 'Band 7'], departments: WARDS, competences: 'acute', clinical: true, registration: { body: 'Nursing and Midwifery Council' }, ages: [27, 64] },
  { staffGroup: 'Nursing and Midwifery Registered', weight: 8, jobRole: 'Staff Nurse', jobTitles: ['Registered Nurse - Children'], occupationCode: 'N0H', payBands: ['Band 5', 'Band 6'], departments: [['Children’s Ward', 'Paediatrics'], ['Neonatal Unit', 'Neonatology']], competences: 'paediatric', clinical: true, registration: { body: 'Nursing and Midwifery Council' } },
  { staffGroup: 'Nursing and Midwifery Registered', weight: 8, jobRole: 'Midwife', jobTitles: ['Midwife', 'Community Midwife'], occupationCode: 'N6A', payBands: ['Band 6', 'Band 7'], departments: [['Delivery Suite', 'Maternity'], ['Community Midwifery', 'Maternity']], competences: 'maternity', clinical: true, registration: { body: 'Nursing and Midwifery Council' } },
  { staffGroup: 'Nursing and Midwifery Registered', weight: 11, jobRole: 'Staff Nurse', jobTitles: ['Registered Nurse - Mental Health', 'Community Psychiatric Nurse'], occupationCode: 'N0E', payBands: ['Band 5', 'Band 6'], departments: [['Community Mental Health Team', 'Adult Mental Health'], ['Acute Psychiatric Ward', 'Adult Mental Health']], competences: 'registered', clinical: true, registration: { body: 'Nursing and Midwifery Council' } },
  // Additional Clinical Services
  { staffGroup: 'Additional Clinical Services', weight: 60, jobRole: 'Healthcare Assistant', jobTitles: ['Healthcare Assistant', 'Healthcare Support Worker'], occupationCode: 'H1A', payBands: ['Band 2', 'Band 3'], departments: WARDS, competences: 'clinical', clinical: true },
  { staffGroup: 'Additional Clinical Services', weight: 15, jobRole: 'Nursing Associate', jobTitles: ['Nursing Associate'], occupationCode: 'H1C', payBands: ['Band 4'], departments: WARDS, competences: 'clinical', clinical: true, registration: { body: 'Nursing and Midwifery Council' } },
  { staffGroup: 'Additional Clinical Services', weight: 15, jobRole: 'Therapy Assistant', jobTitles: ['Physiotherapy Assistant', 'Occupational Therapy Assistant'], occupationCode: 'H2B', payBands: ['Band 3', 'Band 4'], departments: [['Therapies', 'Physiotherapy'], ['Therapies', 'Occupational Therapy']], competences: 'clinical', clinical: true },
  { staffGroup: 'Additional Clinical Services', weight: 10, jobRole: 'Maternity Support Worker', jobTitles: ['Maternity Support Worker'], occupationCode: 'H1D', payBands: ['Band 3'], departments: [['Maternity Ward', 'Maternity']], competences: 'maternity', clinical: true },
  // Administrative and Clerical
  { staffGroup: 'Administrative and Clerical', weight: 30, jobRole: 'Administrator', jobTitles: ['Medical Secretary', 'Administrator', 'Appointments Coordinator'], occupationCode: 'G1A', payBands: ['Band 3', 'Band 4'], departments: [['Outpatients', 'Outpatient Services'], ['Medical Secretaries', 'Administration']], competences: 'nonClinical', clinical: false },
  { staffGroup: 'Administrative and Clerical', weight: 25, jobRole: 'Clerical Worker', jobTitles: ['Ward Clerk', 'Receptionist'], occupationCode: 'G1B', payBands: ['Band 2', 'Band 3'], departments: WARDS, competences: 'nonClinical', clinical: false },
  { staffGroup: 'Administrative and Clerical', weight: 25, jobRole: 'Officer', jobTitles: ['HR Advisor', 'Finance Officer', 'Recruitment Officer', 'IT Service Desk Analyst'], occupationCode: 'G2C', payBands: ['Band 4', 'Band 5', 'Band 6'], departments: [['Workforce', 'Human Resources'], ['Finance', 'Finance'], ['Digital Services', 'Information Technology']], competences: 'nonClinical', clinical: false },
  { staffGroup: 'Administrative and Clerical', weight: 20, jobRole: 'Manager', jobTitles: ['Service Manager', 'Operations Manager', 'Head of Workforce'], occupationCode: 'G0A', payBands: ['Band 7', 'Band 8a', 'Band 8b'], departments: [['Operations', 'Management'], ['Workforce', 'Human Resources']], competences: 'nonClinical', clinical: false, ages: [28, 64] },
  // Medical and Dental
  { staffGroup: 'Medical and Dental', weight: 30, jobRole: 'Consultant', jobTitles: ['Consultant Physician', 'Consultant Surgeon', 'Consultant Anaesthetist', 'Consultant Paediatrician'], occupationCode: 'M0A', payBands: ['YC72'], departments: [['Acute Medical Unit', 'Acute Medicine'], ['Theatres', 'Anaesthetics'], ['Surgical Directorate', 'General Surgery'], ['Children’s Services', 'Paediatrics']], competences: 'acute', clinical: true, registration: { body: 'General Medical Council' }, ages: [32, 66] },
  { staffGroup: 'Medical and Dental', weight: 30, jobRole: 'Specialty Registrar', jobTitles: ['Specialty Registrar', 'Core Trainee'], occupationCode: 'M3B', payBands: ['MN37', 'MN35'], departments: [['Acute Medical Unit', 'Acute Medicine'], ['Emergency Department', 'Emergency Medicine'], ['Surgical Directorate', 'General Surgery']], competences: 'acute', clinical: true, registration: { body: 'General Medical Council' }, fixedTerm: true, ages: [25, 40] },
  { staffGroup: 'Medical and Dental', weight: 20, jobRole: 'Foundation Doctor', jobTitles: ['Foundation Year 1 Doctor', 'Foundation Year 2 Doctor'], occupationCode: 'M4A', payBands: ['MN25', 'MN26'], departments: [['Acute Medical Unit', 'Acute Medicine'], ['Ward 7 Elderly Care', 'Medicine for Older People']], competences: 'acute', clinical: true, registration: { body: 'General Medical Council' }, fixedTerm: true, ages: [23, 30] },
  { staffGroup: 'Medical and Dental', weight: 15, jobRole: 'Specialty Doctor', jobTitles: ['Specialty Doctor'], occupationCode: 'M2A', payBands: ['MC50'], departments: [['Emergency Department', 'Emergency Medicine'], ['Community Mental Health Team', 'Psychiatry']], competences: 'acute', clinical: true, registration: { body: 'General Medical Council' }, ages: [28, 64] },
  { staffGroup: 'Medical and Dental', weight: 5, jobRole: 'Dentist', jobTitles: ['Community Dental Officer'], occupationCode: 'D0A', payBands: ['MC50'], departments: [['Community Dental Service', 'Dentistry']], competences: 'registered', clinical: true, registration: { body: 'General Dental Council' }, ages: [25, 64] },
  // Allied Health Professionals
  { staffGroup: 'Allied Health Professionals', weight: 30, jobRole: 'Physiotherapist', jobTitles: ['Physiotherapist', 'Senior Physiotherapist'], occupationCode: 'S1A', payBands: ['Band 5', 'Band 6', 'Band 7'], departments: [['Therapies', 'Physiotherapy']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'PH' } },
  { staffGroup: 'Allied Health Professionals', weight: 25, jobRole: 'Occupational Therapist', jobTitles: ['Occupational Therapist'], occupationCode: 'S2A', payBands: ['Band 5', 'Band 6'], departments: [['Therapies', 'Occupational Therapy']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'OT' } },
  { staffGroup: 'Allied Health Professionals', weight: 25, jobRole: 'Radiographer', jobTitles: ['Diagnostic Radiographer', 'Therapeutic Radiographer'], occupationCode: 'S5A', payBands: ['Band 5', 'Band 6', 'Band 7'], departments: [['Imaging', 'Radiology']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'RA' } },
  { staffGroup: 'Allied Health Professionals', weight: 10, jobRole: 'Speech and Language Therapist', jobTitles: ['Speech and Language Therapist'], occupationCode: 'S6A', payBands: ['Band 5', 'Band 6'], departments: [['Therapies', 'Speech and Language Therapy']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'SL' } },
  { staffGroup: 'Allied Health Professionals', weight: 10, jobRole: 'Dietitian', jobTitles: ['Dietitian'], occupationCode: 'S3A', payBands: ['Band 5', 'Band 6'], departments: [['Nutrition and Dietetics', 'Dietetics']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'DT' } },
  // Estates and Ancillary
  { staffGroup: 'Estates and Ancillary', weight: 40, jobRole: 'Porter', jobTitles: ['Porter', 'Senior Porter'], occupationCode: 'J1A', payBands: ['Band 2', 'Band 3'], departments: [['Portering Services', 'Facilities']], competences: 'nonClinical', clinical: false },
  { staffGroup: 'Estates and Ancillary', weight: 35, jobRole: 'Domestic', jobTitles: ['Domestic Assistant', 'Catering Assistant'], occupationCode: 'J2A', payBands: ['Band 2'], departments: [['Domestic Services', 'Facilities'], ['Catering', 'Facilities']], competences: 'nonClinical', clinical: false },
  { staffGroup: 'Estates and Ancillary', weight: 25, jobRole: 'Technician', jobTitles: ['Estates Electrician', 'Estates Plumber'], occupationCode: 'J3A', payBands: ['Band 4', 'Band 5'], departments: [['Estates', 'Estates Maintenance']], competences: 'nonClinical', clinical: false },
  // Additional Professional Scientific and Technical
  { staffGroup: 'Additional Professional Scientific and Technical', weight: 45, jobRole: 'Pharmacist', jobTitles: ['Pharmacist', 'Specialist Pharmacist'], occupationCode: 'P1A', payBands: ['Band 6', 'Band 7', 'Band 8a'], departments: [['Pharmacy', 'Pharmacy']], competences: 'clinical', clinical: true, registration: { body: 'General Pharmaceutical Council' } },
  { staffGroup: 'Additional Professional Scientific and Technical', weight: 35, jobRole: 'Pharmacy Technician', jobTitles: ['Pharmacy Technician'], occupationCode: 'P2A', payBands: ['Band 4', 'Band 5'], departments: [['Pharmacy', 'Pharmacy']], competences: 'clinical', clinical: true, registration: { body: 'General Pharmaceutical Council' } },
  { staffGroup: 'Additional Professional Scientific and Technical', weight: 20, jobRole: 'Psychologist', jobTitles: ['Clinical Psychologist'], occupationCode: 'P3A', payBands: ['Band 7', 'Band 8a'], departments: [['Psychological Services', 'Psychology']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'PYL' } },
  // Healthcare Scientists
  { staffGroup: 'Healthcare Scientists', weight: 70, jobRole: 'Biomedical Scientist', jobTitles: ['Biomedical Scientist', 'Senior Biomedical Scientist'], occupationCode: 'K1A', payBands: ['Band 5', 'Band 6', 'Band 7'], departments: [['Pathology', 'Blood Sciences'], ['Pathology', 'Microbiology']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'BS' } },
  { staffGroup: 'Healthcare Scientists', weight: 30, jobRole: 'Clinical Scientist', jobTitles: ['Clinical Scientist'], occupationCode: 'K0A', payBands: ['Band 7', 'Band 8a'], departments: [['Medical Physics', 'Medical Physics'], ['Pathology', 'Clinical Biochemistry']], competences: 'clinical', clinical: true, registration: { body: 'Health and Care Professions Council', prefix: 'CS' } },
  // Students
  { staffGroup: 'Students – non-medical', weight: 100, jobRole: 'Student', jobTitles: ['Student Nurse', 'Student Midwife'], occupationCode: 'T1A', payBands: ['Non-AfC'], departments: WARDS, competences: 'clinical', clinical: true, fixedTerm: true, ages: [18, 35] },
  { staffGroup: 'Students – medical undergraduate', weight: 100, jobRole: 'Student', jobTitles: ['Medical Student'], occupationCode: 'T2A', payBands: ['Non-AfC'], departments: [['Undergraduate Medical Education', 'Medical Education']], competences: 'clinical', clinical: true, fixedTerm: true, ages: [18, 30] },
];

export const FEMALE_FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Hannah', 'Charlotte', 'Jessica', 'Lucy', 'Chloe', 'Megan', 'Rachel',
  'Sarah', 'Laura', 'Emma', 'Rebecca', 'Claire', 'Joanne', 'Helen', 'Nicola', 'Karen', 'Susan', 'Deborah', 'Priya', 'Aisha', 'Fatima',
  'Zainab', 'Anjali', 'Mei', 'Chiamaka', 'Adaeze', 'Ngozi', 'Abena', 'Maria', 'Agnieszka', 'Joanna', 'Ioana', 'Elena', 'Siobhan',
  'Niamh', 'Catrin', 'Ffion', 'Rhiannon', 'Eilidh', 'Kirsty', 'Leah', 'Jasmine', 'Amira', 'Yasmin', 'Rosa', 'Beatriz', 'Tendai',
];

export const MALE_FIRST_NAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Thomas', 'James', 'William', 'Daniel', 'Matthew', 'David', 'Andrew', 'Mark', 'Paul', 'Richard',
  'Christopher', 'Michael', 'Stephen', 'Gareth', 'Rhys', 'Owen', 'Callum', 'Ewan', 'Liam', 'Connor', 'Aiden', 'Mohammed', 'Ahmed',
  'Imran', 'Arjun', 'Rohan', 'Sanjay', 'Wei', 'Chidi', 'Emeka', 'Kwame', 'Kofi', 'Tomasz', 'Piotr', 'Andrei', 'Luca', 'Marco', 'Joseph',
  'Samuel', 'Benjamin', 'Nathan', 'Ryan', 'Adam', 'Yusuf', 'Hassan', 'Ibrahim',
];

export const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson',
  'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner',
  'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James',
  'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter',
  'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson',
  'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt',
  'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight', 'Lloyd', 'Butler', 'Russell', 'Barker',
  'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey', 'Okafor', 'Adeyemi', 'Mensah', 'Nowak', 'Kowalski', 'Popescu', 'Chen',
  'Wong', 'Nguyen', 'Sharma', 'Ahmed', 'Rahman', 'O’Brien', 'McDonald', 'Fernandes', 'da Silva', 'Mahmood', 'Choudhury', 'Osei',
];

/** Vaccinations and tests an occupational health service records for clinical staff (APISTD codes such as HEPB001, TB001). */
export const HEP_B_COURSE = [
  { code: 'HEPB001', description: 'Hepatitis B vaccination, dose 1' },
  { code: 'HEPB002', description: 'Hepatitis B vaccination, dose 2' },
  { code: 'HEPB003', description: 'Hepatitis B vaccination, dose 3' },
] as const;
export const MMR_COURSE = [
  { code: 'MMR001', description: 'Measles, mumps and rubella vaccination, dose 1' },
  { code: 'MMR002', description: 'Measles, mumps and rubella vaccination, dose 2' },
] as const;
export const FLU_VACCINATION = { code: 'FLU001', description: 'Seasonal influenza vaccination' } as const;
export const TB_TEST = { code: 'TB001', description: 'Tuberculosis interferon-gamma release assay' } as const;
export const HEP_B_ANTIBODY = { code: 'HBSAB001', description: 'Hepatitis B surface antibody level' } as const;
export const VARICELLA_TEST = { code: 'VZV001', description: 'Varicella zoster IgG' } as const;
export const BCG_SCAR = { code: 'BCG001', description: 'BCG scar seen' } as const;

/** Trusts a new starter may have trained at before joining (fictional ODS codes). */
export const PREVIOUS_EMPLOYERS = ['RZA', 'RZB', 'RZC', 'RZD', 'RZE'] as const;
/** The demo world's external training provider, which awards some classroom courses. */
export const TRAINING_PROVIDER = 'XTP01';
