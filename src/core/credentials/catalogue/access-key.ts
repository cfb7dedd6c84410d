// Access key: the login credential for one trust's employee portal (DOMAIN.md §5.3 "Access key",
// §4.2 S2/S3). The sources publish no field list; the fields are DOMAIN.md §9 #8's proposal
// {dspId, organisationOds, portalUserId, issuedAt}, with `issuedAt` carried by the credential's
// own iat/nbf rather than repeated in the subject.
import { COMMON_LABELS, defineSubjectSchema, odsCodeSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const accessKey: CredentialTypeDefinition = {
  id: 'AccessKey',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'AccessKey',
    version: VERSION,
    title: 'Access key',
    properties: {
      // The portal presents a request constrained to its own ODS code (DOMAIN.md §9 #8).
      organisationOds: odsCodeSchema,
      // The person's account in that trust's employee portal.
      portalUserId: { type: 'string', format: 'uuid' },
    },
    required: ['organisationOds', 'portalUserId'],
  }),
  display: {
    name: 'Access key',
    description: "Lets you sign in to your organisation's Digital Staff Passport portal.",
    group: 'Access',
    fieldLabels: { ...COMMON_LABELS, organisationOds: 'Organisation (ODS code)', portalUserId: 'Portal account' },
    displayOrder: ['organisationOds', 'portalUserId', 'dspId', 'assurance'],
  },
  // One per trust portal; issued with the identity credential and reissued by HR (AK, NAK).
  issuerKinds: ['trust'],
  // Access keys end by revocation (a new key revokes the old one), not by date.
  expiry: () => undefined,
};
