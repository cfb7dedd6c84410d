// Organisations and their employer users, as the domain sees them (DOMAIN.md §2, §3).
// An organisation is identified by its ODS code; trusts run portals and issue most
// credential types, external organisations (training providers, recruitment systems)
// issue through the gateway.
import { z } from 'zod';

// An identity service provider (idsp) issues digital identity credentials after its own document
// checks (DOMAIN.md §2.2); it runs no portal.
export const organisationKinds = ['trust', 'external', 'idsp'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const employerRoles = ['administrator', 'senior-administrator'] as const;
export type EmployerRole = (typeof employerRoles)[number];

/** ODS codes are 3–10 upper-case letters and digits (trusts have 3, sites and others more). */
export const zOdsCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{3,10}$/, 'Enter an ODS code of 3 to 10 letters and numbers'));

export const zOrganisationInput = z.object({
  odsCode: zOdsCode,
  name: z.string().trim().min(3, 'Enter the organisation name').max(200, 'Organisation name must be 200 characters or fewer'),
  kind: z.enum(organisationKinds, { error: 'Kind must be trust, external or idsp' }).default('trust'),
});
export type OrganisationInput = z.infer<typeof zOrganisationInput>;

export const zEmployerUserInput = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.nhs.uk' })),
  displayName: z.string().trim().min(1, 'Enter the person’s name').max(200),
  role: z.enum(employerRoles, { error: 'Role must be administrator or senior-administrator' }),
});
export type EmployerUserInput = z.infer<typeof zEmployerUserInput>;

export interface Organisation {
  id: string;
  odsCode: string;
  name: string;
  kind: OrganisationKind;
  createdAt: Date;
}

/** A display name from an email address, for users added without one ("jo.bloggs@…" → "Jo Bloggs"). */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join(' ');
}
