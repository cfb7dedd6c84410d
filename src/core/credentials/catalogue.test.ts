import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CREDENTIAL_GROUPS,
  CREDENTIAL_TYPES,
  CREDENTIAL_TYPE_IDS,
  getCredentialType,
  isCredentialTypeId,
  levelOfConfidenceOf,
  mayIssue,
  parseVct,
  vctOf,
  type CredentialTypeId,
  type JsonSchema,
} from './catalogue.ts';
import { SAMPLE_CLOCK, SAMPLE_CORE_SKILLS, SAMPLE_DSP_ID, SAMPLE_PHOTOGRAPH, SAMPLE_SUBJECTS } from './samples.ts';
import { validateSubject } from './validate-subject.ts';

const properties = (schema: JsonSchema) => schema.properties as Record<string, JsonSchema>;
const required = (schema: JsonSchema) => schema.required as string[];

/**
 * The fields DOMAIN.md §5.3 lists for each credential (API-standard names where it gives them,
 * our camelCase for UI labels), written out here so a schema that drops one fails. AccessKey has
 * no published list: DOMAIN.md §9 #8's proposal is used (its `issuedAt` is the credential's iat).
 */
const DOMAIN_FIELDS: Record<CredentialTypeId, readonly string[]> = {
  AccessKey: ['organisationOds', 'portalUserId'],
  Identity: ['firstName', 'middleNames', 'lastName', 'birthDate', 'currentAddressVerified', 'legalGender', 'address', 'nationality', 'photograph'],
  // "Shared digital identity (from IDSP)": the passport number deliberately only as its last four
  // characters (digital-identity.ts), plus the IDSP check fields of the API standard's IDSP records.
  DigitalIdentity: [
    'photograph', 'firstName', 'lastName', 'birthDate', 'legalGender', 'nationality', 'address', 'identityDocumentNumberEnding',
    'identityDocumentExpiryDate', 'evidenceCheckedBy', 'dateOfIdCheck', 'GPG45profile', 'subjectId',
  ],
  NewStarterInformation: ['personalInformation', 'identityDocumentInformation', 'contactDetails', 'emergencyContacts'],
  RightToWork: [
    'legalFirstName', 'middleNames', 'legalSurname', 'birthDate', 'biometricPageImage', 'photograph', 'identityDocumentExpiryDate',
    'identityVerified', 'evidenceCheckedBy', 'dateOfIdCheck', 'GPG45profile',
  ],
  DBSSupportingInformation: [
    'legalFirstName', 'legalSurname', 'birthDate', 'currentAddressVerified', 'identityVerified', 'evidenceCheckedBy', 'dateOfIdCheck',
    'GPG45profile', 'subjectId', 'middleNames', 'currentAddress', 'dateOfAddressCheck', 'GPG44level', 'passportNumber',
    'passportBirthDate', 'passportNationality', 'passportIssuingCountry', 'passportIssueDate', 'drivingLicenceNumber',
    'drivingLicenceBirthDate', 'drivingLicenceType', 'drivingLicenceValidFrom', 'drivingLicenceCountry', 'residentFrom',
  ],
  DBSCheck: [
    'applicantFirstName', 'applicantMiddleNames', 'applicantSurname', 'applicantDateOfBirth', 'typeOfDbsCheck',
    'adultsBarredListChecked', 'childrensBarredListChecked', 'certificateNumber', 'disclosureIssueDate', 'informationDisclosed',
    'workforceType', 'registeredBodyNumber', 'registeredBodyName', 'updateService',
  ],
  ProfessionalRegistration: [
    'professionalBody', 'registrationNumber', 'registrationDate', 'expiryDate', 'revalidationDate', 'registrationCheckDate',
    'registrationStatus',
  ],
  OccupationalHealth: ['vaccinations', 'clinicalTests', 'observations'],
  EmploymentAssignment: [
    'employingOrganisation', 'employingOrganisationOds', 'department', 'areaOfWork', 'staffGroup', 'jobRole', 'jobTitle',
    'assignmentCategory', 'assignmentStatus', 'assignmentEffectiveStartDate', 'fixedTermContractEndDate', 'occupationCode',
    'payBandOrPayScale', 'vpd', 'esrAssignmentNumber',
  ],
  TemporaryPlacement: [
    'positionTitle', 'positionNumber', 'workPatternDescription', 'startDate', 'endDate', 'permanentEmployer', 'hostOrganisation',
    'department', 'departmentContactName', 'departmentContactEmail', 'departmentContactTelephone', 'hrContact', 'approvedBy',
    'additionalInformation', 'licenceToAttend',
  ],
  CoreSkill: [
    'competencyFramework', 'subjectName', 'competencyName', 'subjectLevel', 'renewalPeriodNumber', 'renewalPeriodUnits',
    'proficiencyLevel', 'attainmentStatus', 'learningMethod', 'awardingOrganisation', 'dateLastAwarded', 'dateTo', 'employer',
    'trustIdentifier',
  ],
};

/** DOMAIN.md §5.3 Occupational health records. */
const OH_RECORD_FIELDS = {
  vaccinations: ['code', 'description', 'date'],
  clinicalTests: ['code', 'description', 'date', 'result', 'interpretation'],
  observations: ['code', 'description', 'result'],
};

/** DOMAIN.md §5.2. */
const ASSURANCE_FIELDS = ['origin', 'assurancePolicy', 'assuranceOutcome', 'provider', 'verifier', 'verificationMethod', 'pedigree', 'lastRefresh'];

/** Claim names the two formats use themselves (RFC 7519, VCDM 1.1 JWT, SD-JWT VC); a subject field must not shadow one. */
const RESERVED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'vc', 'vct', 'vct#integrity', 'cnf', 'status', '_sd', '_sd_alg', '...', 'id', 'type', '@context'];

describe('credential catalogue', () => {
  it('holds exactly the credential type identifiers of architecture §5, in that order', () => {
    assert.deepEqual(
      CREDENTIAL_TYPES.map((t) => t.id),
      ['AccessKey', 'Identity', 'DigitalIdentity', 'NewStarterInformation', 'RightToWork', 'DBSSupportingInformation', 'DBSCheck',
        'ProfessionalRegistration', 'OccupationalHealth', 'EmploymentAssignment', 'TemporaryPlacement', 'CoreSkill'],
    );
    assert.equal(isCredentialTypeId('Identity'), true);
    assert.equal(isCredentialTypeId('NhsDspIdentityCredential'), false);
  });

  for (const id of CREDENTIAL_TYPE_IDS) {
    const type = getCredentialType(id);
    const schema = type.subjectSchema;

    describe(id, () => {
      it('has every field DOMAIN.md §5.3 lists for it in its subject schema', () => {
        const missing = DOMAIN_FIELDS[id].filter((f) => !(f in properties(schema)));
        assert.deepEqual(missing, []);
      });

      it('requires the DSP unique identifier (dspId, a UUID) and the shared assurance block', () => {
        assert.ok(required(schema).includes('dspId'));
        assert.ok(required(schema).includes('assurance'));
        assert.deepEqual(properties(schema).assurance, { $ref: '#/$defs/assurance' });
        const assurance = (schema.$defs as Record<string, JsonSchema>).assurance as JsonSchema;
        assert.deepEqual(Object.keys(properties(assurance)), ASSURANCE_FIELDS);
        assert.deepEqual(required(assurance), ASSURANCE_FIELDS);
      });

      it('is a draft 2020-12 schema with a versioned id that refuses unknown fields', () => {
        assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
        assert.equal(schema.$id, `urn:dsp:schema:${id}:${type.version}`);
        assert.equal(schema.additionalProperties, false);
        assert.ok(Number.isInteger(type.version) && type.version >= 1);
      });

      it('accepts its sample subject', () => {
        assert.deepEqual(validateSubject(id, SAMPLE_SUBJECTS[id]), []);
        assert.equal(SAMPLE_SUBJECTS[id].dspId, SAMPLE_DSP_ID);
      });

      it('labels every field and lists every field once in its display order', () => {
        const fields = Object.keys(properties(schema)).sort();
        assert.deepEqual([...type.display.displayOrder].sort(), fields);
        assert.deepEqual(Object.keys(type.display.fieldLabels).sort(), fields);
        assert.ok(CREDENTIAL_GROUPS.includes(type.display.group));
        assert.equal(type.display.displayOrder.at(-1), 'assurance');
      });

      it('names no field after a claim the credential formats reserve', () => {
        assert.deepEqual(Object.keys(properties(schema)).filter((f) => RESERVED_CLAIMS.includes(f)), []);
      });

      it('names its SD-JWT VC type with its version, and the name parses back', () => {
        assert.equal(vctOf(id), `urn:dsp:credential:${id}:${type.version}`);
        assert.deepEqual(parseVct(vctOf(id)), { type: id, version: type.version });
      });

      it('says nothing expired about its sample on the sample clock', () => {
        const expiry = type.expiry(SAMPLE_SUBJECTS[id], SAMPLE_CLOCK);
        assert.ok(expiry === undefined || expiry > SAMPLE_CLOCK);
      });
    });
  }

  it('has the occupational health record fields of DOMAIN.md §5.3 in its list items', () => {
    const schema = getCredentialType('OccupationalHealth').subjectSchema;
    for (const [list, fields] of Object.entries(OH_RECORD_FIELDS)) {
      const items = (properties(schema)[list] as JsonSchema).items as JsonSchema;
      assert.deepEqual(Object.keys(properties(items)), fields, list);
    }
  });

  it('accepts every sample core skill', () => {
    for (const skill of SAMPLE_CORE_SKILLS) assert.deepEqual(validateSubject('CoreSkill', skill), []);
  });

  it('does not parse a vct that is not a DSP credential type', () => {
    assert.equal(parseVct('urn:dsp:credential:Passport:1'), undefined);
    assert.equal(parseVct('https://example.com/vct/Identity'), undefined);
    assert.equal(parseVct('urn:dsp:credential:Identity:0'), undefined);
  });

  it('lets external systems issue only the types DOMAIN.md has them issue', () => {
    const external = CREDENTIAL_TYPE_IDS.filter((id) => mayIssue(id, 'external'));
    assert.deepEqual(external, ['DBSCheck', 'ProfessionalRegistration', 'OccupationalHealth', 'CoreSkill']);
  });

  it('lets identity service providers issue the digital identity and nothing else; trusts everything but it', () => {
    assert.deepEqual(CREDENTIAL_TYPE_IDS.filter((id) => mayIssue(id, 'idsp')), ['DigitalIdentity']);
    assert.deepEqual(CREDENTIAL_TYPE_IDS.filter((id) => !mayIssue(id, 'trust')), ['DigitalIdentity']);
  });
});

describe('subject validation', () => {
  it('names the path of each missing required field', () => {
    const errors = validateSubject('Identity', { dspId: SAMPLE_DSP_ID, assurance: SAMPLE_SUBJECTS.Identity.assurance });
    assert.deepEqual(errors.map((e) => e.path).sort(), ['/birthDate', '/firstName', '/lastName']);
    assert.ok(errors.every((e) => e.message === 'is required'));
  });

  it('refuses a field the type does not have', () => {
    const errors = validateSubject('Identity', { ...SAMPLE_SUBJECTS.Identity, passportNumber: '548213907' });
    assert.deepEqual(errors, [{ path: '/passportNumber', message: 'is not a field of this credential type' }]);
  });

  it('refuses a DSP identifier that is not a UUID', () => {
    const errors = validateSubject('DBSCheck', { ...SAMPLE_SUBJECTS.DBSCheck, dspId: 'olivia' });
    assert.deepEqual(errors.map((e) => e.path), ['/dspId']);
  });

  it('refuses an assurance block without its last refresh', () => {
    const { lastRefresh: _drop, ...assurance } = SAMPLE_SUBJECTS.RightToWork.assurance as Record<string, unknown>;
    const errors = validateSubject('RightToWork', { ...SAMPLE_SUBJECTS.RightToWork, assurance });
    assert.deepEqual(errors, [{ path: '/assurance/lastRefresh', message: 'is required' }]);
  });

  it('refuses a digital identity carrying more of the document number than its last four characters', () => {
    for (const ending of ['548213907', '907', '39 7', '3907\n']) {
      const errors = validateSubject('DigitalIdentity', { ...SAMPLE_SUBJECTS.DigitalIdentity, identityDocumentNumberEnding: ending });
      assert.deepEqual(errors.map((e) => e.path), ['/identityDocumentNumberEnding'], ending);
    }
  });

  it('refuses a digital identity whose level of confidence is not the one its GPG 45 profile names', () => {
    const errors = validateSubject('DigitalIdentity', { ...SAMPLE_SUBJECTS.DigitalIdentity, GPG45profile: 'M1B' });
    assert.deepEqual(errors, [{ path: '/levelOfConfidence', message: 'must be "Medium"' }]);
    assert.deepEqual(validateSubject('DigitalIdentity', { ...SAMPLE_SUBJECTS.DigitalIdentity, GPG45profile: 'M1B', levelOfConfidence: 'Medium' }), []);
    // Both disclosed in a presentation: still checked together; one alone is fine.
    assert.equal(validateSubject('DigitalIdentity', { GPG45profile: 'L1A', levelOfConfidence: 'High' }, 'disclosed').length, 1);
    assert.deepEqual(validateSubject('DigitalIdentity', { GPG45profile: 'L1A' }, 'disclosed'), []);
  });

  it('reads the level of confidence from a GPG 45 profile code', () => {
    assert.deepEqual(['L1A', 'M1B', 'M1C', 'H1A', 'V1A'].map(levelOfConfidenceOf), ['Low', 'Medium', 'Medium', 'High', 'Very high']);
    assert.equal(levelOfConfidenceOf('X1A'), undefined);
    assert.equal(levelOfConfidenceOf('H1A '), undefined);
  });

  it('has a sample photograph that is a base64 JPEG (SOI … EOI)', () => {
    const bytes = Buffer.from(SAMPLE_PHOTOGRAPH, 'base64');
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
  });

  it('refuses a digital identity without its photo or the document checked', () => {
    const { photograph: _p, identityDocumentType: _t, ...rest } = SAMPLE_SUBJECTS.DigitalIdentity;
    assert.deepEqual(validateSubject('DigitalIdentity', rest).map((e) => e.path).sort(), ['/identityDocumentType', '/photograph']);
  });

  it('refuses a DBS certificate number that is not 12 digits', () => {
    const errors = validateSubject('DBSCheck', { ...SAMPLE_SUBJECTS.DBSCheck, certificateNumber: '12345678901' });
    assert.deepEqual(errors.map((e) => e.path), ['/certificateNumber']);
  });

  it('refuses a current address on DBS supporting information whose address was not verified', () => {
    const errors = validateSubject('DBSSupportingInformation', { ...SAMPLE_SUBJECTS.DBSSupportingInformation, currentAddressVerified: false });
    assert.ok(errors.length > 0);
  });

  it('refuses a CSTF competency at a level the framework does not have', () => {
    const errors = validateSubject('CoreSkill', { ...SAMPLE_CORE_SKILLS[0], subjectLevel: '3' });
    assert.deepEqual(errors, [{ path: '/subjectLevel', message: 'must be one of: 1' }]);
  });

  it('refuses a CSTF competency name that is not in the framework, but accepts any MAND one', () => {
    const skill = { ...SAMPLE_CORE_SKILLS[0], competencyName: 'Oliver McGowan Mandatory Training', subjectName: 'Oliver McGowan' };
    assert.ok(validateSubject('CoreSkill', skill).some((e) => e.path === '/competencyName'));
    assert.deepEqual(validateSubject('CoreSkill', { ...skill, competencyFramework: 'MAND' }), []);
  });

  it('refuses an occupational health credential with no records', () => {
    const { vaccinations: _v, clinicalTests: _c, observations: _o, ...empty } = SAMPLE_SUBJECTS.OccupationalHealth;
    assert.ok(validateSubject('OccupationalHealth', empty).length > 0);
  });

  it('in disclosed mode accepts a subset of the fields but still checks each value and refuses unknown fields', () => {
    assert.deepEqual(validateSubject('Identity', { firstName: 'Olivia' }, 'disclosed'), []);
    assert.deepEqual(validateSubject('Identity', { birthDate: '12/04/1990' }, 'disclosed').map((e) => e.path), ['/birthDate']);
    assert.deepEqual(validateSubject('Identity', { shoeSize: 6 }, 'disclosed').map((e) => e.path), ['/shoeSize']);
  });
});

describe('expiry rules', () => {
  const issuedAt = SAMPLE_CLOCK;
  const expiry = (id: CredentialTypeId, subject: Record<string, unknown>) => getCredentialType(id).expiry(subject, issuedAt);

  it('ends a right-to-work credential after the last day of its identity document', () => {
    assert.deepEqual(expiry('RightToWork', SAMPLE_SUBJECTS.RightToWork), new Date('2031-05-15T00:00:00Z'));
  });

  it('ends a digital identity after the last day of the document that was checked', () => {
    assert.deepEqual(expiry('DigitalIdentity', SAMPLE_SUBJECTS.DigitalIdentity), new Date('2031-05-15T00:00:00Z'));
  });

  it('ends a core skill after its date to', () => {
    assert.deepEqual(expiry('CoreSkill', SAMPLE_CORE_SKILLS[0] as Record<string, unknown>), new Date('2027-12-02T00:00:00Z'));
  });

  it('ends a core skill without a date to at last award plus its renewal period', () => {
    assert.deepEqual(expiry('CoreSkill', SAMPLE_CORE_SKILLS[1] as Record<string, unknown>), new Date('2027-06-18T00:00:00Z'));
  });

  it('ends a professional registration after its expiry date', () => {
    assert.deepEqual(expiry('ProfessionalRegistration', SAMPLE_SUBJECTS.ProfessionalRegistration), new Date('2027-04-01T00:00:00Z'));
  });

  it('ends a temporary placement after its end date', () => {
    assert.deepEqual(expiry('TemporaryPlacement', SAMPLE_SUBJECTS.TemporaryPlacement), new Date('2027-02-27T00:00:00Z'));
  });

  it('ends a fixed-term assignment after its end date and leaves a permanent one open', () => {
    assert.equal(expiry('EmploymentAssignment', SAMPLE_SUBJECTS.EmploymentAssignment), undefined);
    assert.deepEqual(
      expiry('EmploymentAssignment', { ...SAMPLE_SUBJECTS.EmploymentAssignment, fixedTermContractEndDate: '2027-08-31' }),
      new Date('2027-09-01T00:00:00Z'),
    );
  });

  it('sets no expiry on identity, access key, DBS and occupational health credentials', () => {
    for (const id of ['Identity', 'AccessKey', 'DBSCheck', 'DBSSupportingInformation', 'OccupationalHealth', 'NewStarterInformation'] as const) {
      assert.equal(expiry(id, SAMPLE_SUBJECTS[id]), undefined, id);
    }
  });
});

describe('display', () => {
  it('titles a core skill with its level when the competency has several', () => {
    const title = getCredentialType('CoreSkill').display.title;
    assert.ok(title);
    assert.equal(title(SAMPLE_CORE_SKILLS[1] as Record<string, unknown>), 'Safeguarding Adults (Level 2)');
    assert.equal(title(SAMPLE_CORE_SKILLS[0] as Record<string, unknown>), 'Fire Safety');
  });
});
