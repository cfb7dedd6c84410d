// Every message the service sends, as data. Personalisation uses GOV.UK Notify's ((placeholder))
// syntax so the wording reads the same as it would in Notify's own editor; we render locally and
// hand Notify the finished subject and body through one generic template per channel
// (govuk-notify-provider.ts), so wording changes are code review, not a Notify login.
//
// Bodies are plain text. Links stand on a line of their own: mail clients and Notify turn them
// into links, and the outbox viewer finds them with extract-links.ts.

export const channels = ['email', 'sms'] as const;
export type Channel = (typeof channels)[number];

export interface TemplateDefinition {
  readonly channel: Channel;
  /** Email only. */
  readonly subject?: string;
  /** The body, one entry per line (kept as data so the compiler can see each placeholder). */
  readonly body: readonly string[];
}

/** A template as the renderer uses it: the body joined into one text. */
export interface Template {
  readonly id: string;
  readonly channel: Channel;
  readonly subject?: string;
  readonly body: string;
}

export const templates = {
  /** Sent by an operator to check that email is set up. */
  'test-message': {
    channel: 'email',
    subject: 'Test message from the Digital Staff Passport',
    body: [
      'This is a test message from the Digital Staff Passport, sent for ((organisation_name)) to check that email is working.',
      '',
      'You do not need to do anything.',
    ],
  },

  /** An administrator invited a colleague to the employer portal. */
  'employer-user-invitation': {
    channel: 'email',
    subject: 'Set up your Digital Staff Passport account for ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      'You have been invited to use the Digital Staff Passport employer portal for ((organisation_name)).',
      '',
      'Set your password to get started:',
      '((link))',
      '',
      'This link expires on ((expires_at)). If it has expired, ask an administrator at ((organisation_name)) to invite you again.',
      '',
      'If you were not expecting this email, you can ignore it.',
    ],
  },

  /** A 6-digit code that proves the person can read this mailbox. */
  'email-verification-code': {
    channel: 'email',
    subject: 'Your Digital Staff Passport verification code',
    body: [
      'Your verification code is ((code))',
      '',
      'Enter it on the page where you asked for it. It expires in ((expires_in_minutes)) minutes.',
      '',
      'Do not share this code with anyone. If you did not ask for it, you can ignore this email.',
    ],
  },

  /** A 6-digit code that proves the person holds this mobile phone. */
  'sms-verification-code': {
    channel: 'sms',
    body: ['((code)) is your Digital Staff Passport verification code. It expires in ((expires_in_minutes)) minutes. Do not share it with anyone.'],
  },

  /**
   * The example external system (src/external-demo/training, D36) revoked a record it had issued
   * to the person's wallet: a wallet copy cannot be removed remotely, so the person is asked to
   * delete it (direct-to-wallet standard, "Revoking a credential", step 3).
   */
  'training-record-revoked-email': {
    channel: 'email',
    subject: 'Delete ((record)) from your Digital Staff Passport wallet',
    body: [
      'Hello ((name)),',
      '',
      '((provider_name)) has revoked the ((record)) training record you downloaded to your Digital Staff Passport wallet on ((downloaded_on)), because ((reason)).',
      '',
      'It can no longer be shared with an employer. Please delete it from your wallet: open your wallet, find ((record)) from ((provider_name)) and delete it.',
      '',
      'See your training records:',
      '((link))',
      '',
      'If you think this is a mistake, contact ((provider_name)).',
    ],
  },

  // Staff passports and the scheduled jobs (docs/architecture.md D37). Each message to a member of
  // staff goes out on the channels they chose (DOMAIN.md S11); an email and a text say the same.

  /** A trust provided credentials (by hand or automatically from ESR, DOMAIN.md E7, E3). */
  'credentials-provided-email': {
    channel: 'email',
    subject: 'New credentials to review from ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has provided ((credentials)) for your Digital Staff Passport: ((titles)).',
      '',
      'Sign in to review them and add them to your wallet:',
      '((link))',
    ],
  },
  'credentials-provided-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has provided ((credentials)) for your Digital Staff Passport. Sign in to review: ((link))'],
  },

  /** HR reviewed a staff member's credential request (DOMAIN.md E8): what was provided, what was rejected and why. */
  'credential-request-reviewed-email': {
    channel: 'email',
    subject: '((organisation_name)) has reviewed your credential request',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has reviewed the credentials you asked for.',
      '',
      'Provided: ((provided))',
      '',
      'Rejected: ((rejected))',
      '',
      'Sign in to review what was provided and add it to your wallet:',
      '((link))',
    ],
  },
  'credential-request-reviewed-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has reviewed the credentials you asked for. Sign in to see the outcome: ((link))'],
  },

  /** A member of staff asked their trust for credentials (DOMAIN.md S5): what they asked for, on their channels. */
  'credentials-requested-email': {
    channel: 'email',
    subject: 'You have requested credentials from ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      'You have asked ((organisation_name)) for: ((titles)).',
      '',
      'We will tell you when ((organisation_name)) has reviewed your request. You can see what is waiting when you sign in:',
      '((link))',
      '',
      'If you did not ask for these credentials, contact ((organisation_name)).',
    ],
  },
  'credentials-requested-sms': {
    channel: 'sms',
    body: ['You have asked ((organisation_name)) for credentials for your Digital Staff Passport. We will tell you when they have reviewed your request.'],
  },

  /** The trust revoked credentials it issued (DOMAIN.md E10, and all of them for a leaver): why, and what to do. */
  'credentials-revoked-email': {
    channel: 'email',
    subject: '((organisation_name)) has revoked ((credentials))',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has revoked ((credentials)) in your Digital Staff Passport wallet: ((titles)).',
      '',
      'Reason: ((reason))',
      '',
      'They can no longer be shared and will not pass checks. You can delete them from your wallet.',
      '',
      'See your credentials:',
      '((link))',
    ],
  },
  'credentials-revoked-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has revoked ((credentials)) in your Digital Staff Passport. They can no longer be shared. See why: ((link))'],
  },

  /** HR reviewed credentials the person shared and rejected some (DOMAIN.md E9.1): which, and HR's reasons. */
  'shared-credentials-rejected-email': {
    channel: 'email',
    subject: '((organisation_name)) has rejected ((credentials)) you shared',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has reviewed the credentials you shared with them.',
      '',
      'Accepted: ((accepted))',
      '',
      'Rejected: ((rejected))',
      '',
      'Contact ((organisation_name)) if you have questions, or share a corrected credential again:',
      '((link))',
    ],
  },
  'shared-credentials-rejected-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has rejected ((credentials)) you shared with them. Rejected: ((rejected)) Your Digital Staff Passport: ((link))'],
  },

  /** A member of staff deleted their passport at a trust (DOMAIN.md S12): always emailed, as the record of it. */
  'employee-passport-deleted-email': {
    channel: 'email',
    subject: 'Your Digital Staff Passport at ((organisation_name)) has been deleted',
    body: [
      'Hello ((name)),',
      '',
      'You deleted your Digital Staff Passport at ((organisation_name)). Your details and credentials held by ((organisation_name)) have been deleted.',
      '',
      'Credentials from ((organisation_name)) that are still in your wallet have been revoked and will no longer pass checks. You can delete them from your wallet.',
      '',
      'Your passports at other organisations are not affected.',
      '',
      'If you did not do this, contact ((organisation_name)).',
    ],
  },

  /** HR invited a member of staff to set up their passport (DOMAIN.md E4.3: email and text). */
  'staff-invitation-email': {
    channel: 'email',
    subject: 'Set up your Digital Staff Passport for ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has invited you to set up your NHS Digital Staff Passport. It keeps your employment checks and training records in a wallet on your phone, so you can share them when you move jobs.',
      '',
      'START NOW:',
      '((link))',
      '',
      'If another NHS organisation has already given you a Digital Staff Passport, choose "I have registered before" when you start, and share the credentials in your wallet instead of repeating your checks.',
      '',
      'This link works until ((expires_on)). If it has expired, ask ((organisation_name)) to send it again.',
      '',
      'If you were not expecting this email, you can ignore it.',
    ],
  },
  'staff-invitation-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has invited you to set up your NHS Digital Staff Passport. We have emailed you a link to start; it works until ((expires_on)).'],
  },

  /** HR deleted a passport that was invited (DOMAIN.md E15: the person is told). */
  'staff-invitation-deleted-email': {
    channel: 'email',
    subject: 'Your Digital Staff Passport invitation from ((organisation_name)) was cancelled',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has deleted your Digital Staff Passport record, so any invitation link we sent you no longer works.',
      '',
      'If you think this is a mistake, contact ((organisation_name)).',
    ],
  },

  /** HR confirmed a staff member's identity (DOMAIN.md E5.6): the identity credential and the access key wait in the employee portal. */
  'access-key-ready-email': {
    channel: 'email',
    subject: 'Collect your access key from ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has confirmed your identity. Your NHS identity credential and your access key are ready for you.',
      '',
      'To collect them:',
      '1. Open this link on your computer or on the phone that holds your wallet: ((link))',
      '2. Select Continue. We will text a 6-digit security code to your mobile phone; enter it.',
      '3. Scan the QR code with your wallet app, or use the button on your phone, and add both credentials.',
      '',
      'You will use the access key to sign in to ((organisation_name))\'s portal from now on.',
    ],
  },
  'access-key-ready-sms': {
    channel: 'sms',
    body: ['((organisation_name)) has confirmed your identity. Collect your access key: ((link))'],
  },

  /** HR declined access (DOMAIN.md E5.9): the staff member is told, with the reason. */
  'access-declined-email': {
    channel: 'email',
    subject: '((organisation_name)) has declined access to your Digital Staff Passport',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has declined access to your Digital Staff Passport.',
      '',
      'Reason: ((reason))',
      '',
      'They will not see credentials you share with them. If you think this is a mistake, contact ((organisation_name)).',
    ],
  },

  /** HR rejected the identity a person shared (DOMAIN.md E5.4): the reason, and that their identity will be checked in person. */
  'shared-identity-rejected-email': {
    channel: 'email',
    subject: '((organisation_name)) could not accept the identity you shared',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) has checked the identity you shared for your Digital Staff Passport and could not accept it.',
      '',
      'Reason: ((reason))',
      '',
      '((organisation_name)) will check your identity in person instead. They will contact you to arrange it: bring your original identity documents.',
      '',
      'If you have questions, contact ((organisation_name)).',
    ],
  },

  /** An invitation not yet acted on (DOMAIN.md E4.4, §9 #11). The link itself is not stored, so the reminder points to it. */
  'invitation-reminder-email': {
    channel: 'email',
    subject: 'Reminder: set up your Digital Staff Passport for ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      '((organisation_name)) invited you to set up your Digital Staff Passport on ((sent_on)).',
      '',
      'To start, use the link in that invitation email. It works until ((expires_on)).',
      '',
      'If you cannot find the email, ask ((organisation_name)) to send it again.',
    ],
  },
  'invitation-reminder-sms': {
    channel: 'sms',
    body: ['Reminder: ((organisation_name)) invited you to set up your Digital Staff Passport. Use the link in the email we sent on ((sent_on)); it works until ((expires_on)).'],
  },

  /** Credentials waiting for the person's review for a week or more (DOMAIN.md E16). */
  'pending-credentials-reminder-email': {
    channel: 'email',
    subject: 'Reminder: you have credentials to review from ((organisation_name))',
    body: [
      'Hello ((name)),',
      '',
      'You have ((credentials)) from ((organisation_name)) waiting for you to review.',
      '',
      'Sign in to review them and add them to your wallet:',
      '((link))',
    ],
  },
  'pending-credentials-reminder-sms': {
    channel: 'sms',
    body: ['Reminder: you have ((credentials)) from ((organisation_name)) to review in your Digital Staff Passport: ((link))'],
  },

  /** Credentials past their expiry (DOMAIN.md §9 #19): in the wallet, or offered and never accepted. */
  'credentials-expired-email': {
    channel: 'email',
    subject: 'Credentials from ((organisation_name)) have expired',
    body: [
      'Hello ((name)),',
      '',
      '((credentials)) from ((organisation_name)) expired on ((date)): ((titles)).',
      '',
      'They can no longer be shared. If you have renewed the training or check, ((organisation_name)) will provide a new credential once it is recorded.',
      '',
      'See your credentials:',
      '((link))',
    ],
  },
  'credentials-expired-sms': {
    channel: 'sms',
    body: ['((credentials)) from ((organisation_name)) expired on ((date)) and can no longer be shared. See your credentials: ((link))'],
  },

  /** The trust is told which credentials expired, by the team that looks after them (DOMAIN.md E3 team mailboxes). */
  'credentials-expired-team': {
    channel: 'email',
    subject: '((credentials)) expired at ((organisation_name))',
    body: [
      '((credentials)) looked after by the ((team)) team at ((organisation_name)) expired on ((date)): ((by_type)).',
      '',
      'The staff concerned have been told. Review them in the employer portal:',
      '((link))',
    ],
  },

  /** The weekly summary of outstanding actions to the HR mailbox (DOMAIN.md §2.1, E3): passport actions and HR's credentials. */
  'weekly-summary-hr': {
    channel: 'email',
    subject: 'Digital Staff Passport weekly summary for HR at ((organisation_name))',
    body: [
      'Outstanding actions for the HR team at ((organisation_name)) on ((date)):',
      '',
      'Invitations not yet accepted: ((invited))',
      'Identities waiting to be checked: ((identity_checks))',
      'Staff passports to connect to ESR: ((esr_links))',
      'Credentials waiting for staff to review: ((pending))',
      'Credentials staff rejected: ((declined))',
      'Credentials that expired in the last 7 days: ((expired))',
      'Credentials expiring in the next 30 days: ((expiring))',
      '',
      'Open the employer portal:',
      '((link))',
      '',
      'You get this email because a senior portal administrator turned on weekly summaries for this mailbox.',
    ],
  },

  /** The weekly summary to another team's mailbox: the credentials that team looks after. */
  'weekly-summary': {
    channel: 'email',
    subject: 'Digital Staff Passport weekly summary for ((team)) at ((organisation_name))',
    body: [
      'Outstanding actions for the ((team)) team at ((organisation_name)) on ((date)):',
      '',
      'Credentials waiting for staff to review: ((pending))',
      'Credentials staff rejected: ((declined))',
      'Credentials that expired in the last 7 days: ((expired))',
      'Credentials expiring in the next 30 days: ((expiring))',
      '',
      'Open the employer portal:',
      '((link))',
      '',
      'You get this email because a senior portal administrator turned on weekly summaries for this mailbox.',
    ],
  },
} as const satisfies Record<string, TemplateDefinition>;

export type TemplateId = keyof typeof templates;

/** The ((placeholder)) names of a template string, worked out by the compiler. */
type PlaceholdersIn<S> = S extends `${string}((${infer Name}))${infer Rest}` ? Name | PlaceholdersIn<Rest> : never;

type TextOf<T> = (T extends { subject: infer S } ? S : never) | (T extends { body: readonly (infer L)[] } ? L : never);

/** The personalisation a template needs: one string per placeholder, checked at compile time. */
export type PersonalisationOf<T extends TemplateId> = { readonly [K in PlaceholdersIn<TextOf<(typeof templates)[T]>>]: string };

/** The template with this id, or undefined. Safe for untrusted ids (no prototype lookups). */
export function findTemplate(id: string): Template | undefined {
  if (!Object.hasOwn(templates, id)) return undefined;
  const definition: TemplateDefinition = templates[id as TemplateId];
  return { id, channel: definition.channel, ...(definition.subject === undefined ? {} : { subject: definition.subject }), body: definition.body.join('\n') };
}
