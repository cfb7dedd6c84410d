// What the employee portal reads from a completed presentation wallet session: the gateway's
// PresentationOutcome (src/gateway/oid4vp/presentation-response.ts) arrives through the wallet
// session as stored JSON, so each page that hands back a share (S1.5 digital identity, S6 share,
// S7 move) parses it again with this one schema rather than trusting its shape.
import { z } from 'zod';

const zInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)));

/** One credential of a PresentationOutcome, as the portal keeps it. */
export const zPresentedCredential = z.object({
  type: z.string(),
  format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
  issuer: z.string().min(1),
  issuerName: z.string().min(1),
  claims: z.record(z.string(), z.unknown()),
  serialNumber: z.string().min(1),
  issuedAt: zInstant,
  expiresAt: zInstant.nullable(),
  compact: z.string().min(1),
});

/** A PresentationOutcome whose credentials each match `credential` (zPresentedCredential, or a narrower one). */
export function zPresentationOutcome<C extends z.ZodType>(credentials: z.ZodArray<C>) {
  return z.object({ dspId: z.string().min(1), credentials });
}
