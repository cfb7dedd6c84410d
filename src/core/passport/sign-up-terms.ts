// What a person accepts when signing up (DOMAIN.md S1.2): the privacy notice, the terms and
// conditions and the terms of use of the Digital Staff Passport. The passport records which
// version was accepted and when (staff_passports.terms_version, terms_accepted_at), so a later
// change of wording can be told apart and asked again. Change TERMS_VERSION whenever any of the
// three texts changes. Pure: no I/O.

/** The version of the three documents, as stored on the passport. */
export const TERMS_VERSION = '2026-11-v1';

/** The three documents, each a required checkbox on the sign-up page, in page order. */
export const TERMS_DOCUMENTS = [
  {
    field: 'privacyNotice',
    title: 'Privacy notice',
    agree: 'I have read the privacy notice',
    summary: [
      'Your trust keeps the details you give here, and the details your digital identity shares, to check who you are and to give you credentials for your digital wallet.',
      'Only your trust’s HR and recruitment teams can see them. They are kept while you work for the trust, and deleted when your passport is deleted.',
    ],
    error: 'Confirm you have read the privacy notice',
  },
  {
    field: 'termsAndConditions',
    title: 'Terms and conditions',
    agree: 'I agree to the terms and conditions',
    summary: [
      'The details you give must be true and your own. Credentials in your wallet are for you only: do not share your wallet or its codes with anyone.',
    ],
    error: 'Agree to the terms and conditions',
  },
  {
    field: 'termsOfUse',
    title: 'Terms of use',
    agree: 'I agree to the terms of use',
    summary: ['Use this service only to manage your own Digital Staff Passport. Tell your trust straight away if you lose the phone that holds your wallet.'],
    error: 'Agree to the terms of use',
  },
] as const;

export type TermsField = (typeof TERMS_DOCUMENTS)[number]['field'];
