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
