// The IDSP simulator's journey (start → passport question → [share access key] → documents →
// checking → wallet → done) as an explicit state machine whose state lives in one signed,
// HttpOnly cookie scoped to the IDSP's pages. It holds no personal data: the DSP unique
// identifier (once known), and after a check its outcome, profile and wallet session id. The
// typed details are used in the request that checks them and go only into the credential offer.
// Signed with the cookie secret, so it cannot be forged; parsed on every read (STYLE.md rule 10).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IDENTITY_DOCUMENT_TYPES, LEVELS_OF_CONFIDENCE } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import type { Notifier } from '../../integrations/notify/index.ts';

export interface IdspSimulatorDeps {
  database: Database;
  keys: KeyManagement<Db>;
  notifier: Notifier;
  clock: Clock;
  publicUrl: string;
  secureCookies: boolean;
  /** Whether /dev/outbox is served (outside production), so the pages can point to it. */
  showOutbox: boolean;
}

const JOURNEY_COOKIE = 'dsp-idsp-journey';
/** As long as the longest step (a wallet session lives 10 minutes) with room to read the pages. */
const JOURNEY_MAX_AGE_SECONDS = 60 * 60;

const zJourney = z.strictObject({
  v: z.literal(1),
  /** Whether the person said they already have a Digital Staff Passport. */
  existingPassport: z.boolean(),
  /** Their DSP unique identifier: from their access key, or minted at the first passed check. */
  dspId: z.uuid().optional(),
  check: z
    .discriminatedUnion('outcome', [
      z.strictObject({
        outcome: z.literal('passed'),
        walletSessionId: z.uuid(),
        GPG45profile: z.string().regex(/^[LMHV][1-4][A-E]$/),
        levelOfConfidence: z.enum(LEVELS_OF_CONFIDENCE),
        documentType: z.enum(IDENTITY_DOCUMENT_TYPES),
        documentNumberEnding: z.string().regex(/^[A-Z0-9]{4}$/),
        mobileEnding: z.string().regex(/^[0-9]{3}$/),
        ttlMinutes: z.number().int().positive(),
      }),
      z.strictObject({ outcome: z.literal('failed'), reason: z.enum(['document_not_genuine', 'document_expired']) }),
    ])
    .optional(),
});
export type Journey = z.infer<typeof zJourney>;

export function idspPath(organisation: Pick<Organisation, 'odsCode'>, step = ''): string {
  return `/idsp/${organisation.odsCode}${step ? `/${step}` : ''}`;
}

export function readJourney(request: FastifyRequest): Journey | undefined {
  const raw = request.cookies[JOURNEY_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const parsed = zJourney.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeJourney(reply: FastifyReply, organisation: Organisation, journey: Journey, secure: boolean): void {
  const value = Buffer.from(JSON.stringify(zJourney.parse(journey))).toString('base64url');
  reply.setCookie(JOURNEY_COOKIE, value, { path: idspPath(organisation), httpOnly: true, sameSite: 'lax', secure, signed: true, maxAge: JOURNEY_MAX_AGE_SECONDS });
}

export function clearJourney(reply: FastifyReply, organisation: Organisation): void {
  reply.clearCookie(JOURNEY_COOKIE, { path: idspPath(organisation) });
}

const zOdsParam = z.object({ ods: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });

/** The identity service provider of the path, or undefined (then the page is not found). */
export async function idspOfPath(db: Db, params: unknown): Promise<Organisation | undefined> {
  const parsed = zOdsParam.safeParse(params);
  if (!parsed.success) return undefined;
  const organisation = await findOrganisationByOds(db, parsed.data.ods);
  return organisation?.kind === 'idsp' ? organisation : undefined;
}

/** What every simulator page passes its layout: the IDSP in the header, the simulator as the service. */
export function pageContext(organisation: Organisation, pageTitle: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { pageTitle, organisation, serviceName: 'Identity check (simulated)', serviceHref: idspPath(organisation), ...extra };
}

export function notFound(reply: FastifyReply) {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}
