// What a person shared to prove who they are when signing up (DOMAIN.md S1.5, E5; D45): the
// verified presentation of a DigitalIdentity from an identity service provider — or, moving from
// another trust (S7), of an NHS Identity credential — kept on the passport (`shared_identity`)
// for HR to review (confirm / reject / not now). Written by the sign-up journey once the gateway's
// verifier accepted it; read by the employer portal. Pure: no I/O.
import { z } from 'zod';

export const zSharedIdentity = z.object({
  v: z.literal(1),
  /** Catalogue type presented. */
  type: z.enum(['DigitalIdentity', 'Identity']),
  /** The issuer's DID and display name, as the verifier resolved them. */
  issuer: z.string().min(1),
  issuerName: z.string().min(1),
  serialNumber: z.string().min(1),
  format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
  /** ISO date-times. */
  verifiedAt: z.iso.datetime(),
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  /** The credential's claims as disclosed (DigitalIdentity: names, birthDate, photo, document, GPG45 profile…). */
  claims: z.record(z.string(), z.unknown()),
});
export type SharedIdentity = z.infer<typeof zSharedIdentity>;

/** The stored value, or undefined when there is none or it does not parse (never trust a JSON column). */
export function parseSharedIdentity(value: unknown): SharedIdentity | undefined {
  const parsed = zSharedIdentity.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
