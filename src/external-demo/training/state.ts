// The training portal's own data: its local accounts, their training records, what was
// downloaded to a Digital Staff Passport wallet (serial numbers) and revoked, and its gateway
// client. It is another organisation's system, not a tenant of Open DSP's database, so it keeps
// its state in one small JSON file of its own under the data directory
// (`$DSP_DATA_DIR/external-demo/training-portal.json`): it survives restarts (serial numbers must
// be kept for revocation, and a client secret is shown only once) without a migration in our
// schema. Written atomically (temporary file, then rename) and parsed on every load (STYLE.md
// rule 10). One process owns the file; mutations are serialised in that process.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const zInstant = z.iso.datetime({ offset: true });

export const zAccount = z.strictObject({
  id: z.uuid(),
  email: z.string().min(3).max(254),
  passwordHash: z.string().min(1),
  role: z.enum(['employee', 'administrator']),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  birthDate: zDate,
  /** Whether the Digital Staff Passport applies to this person (D2W: offer the download only then). */
  dspApplies: z.boolean(),
  /** Their DSP unique identifier, kept once an identity check matched (D2W step 6). */
  dspId: z.uuid().optional(),
});
export type Account = z.infer<typeof zAccount>;

export const zTrainingRecord = z.strictObject({
  id: z.uuid(),
  accountId: z.uuid(),
  /** As the CSTF names it (the credential catalogue's list). */
  competencyName: z.string().min(1),
  subjectLevel: z.string().regex(/^[0-9]$/),
  learningMethod: z.string().min(1),
  completedOn: zDate,
  renewalPeriodNumber: z.number().int().min(1).max(10),
  renewalPeriodUnits: z.enum(['Year', 'Years', 'Month', 'Months']),
  expiresOn: zDate,
  /** The learner's employer, as the academy recorded it. */
  employer: z.string().min(1).optional(),
  /** When the academy last changed the record. */
  updatedAt: zInstant,
});
export type TrainingRecord = z.infer<typeof zTrainingRecord>;

export const REVOCATION_REASONS = ['TrainingExpiry', 'LeavingOrganisation', 'CredentialProvidedInError', 'Other'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const zDownload = z.strictObject({
  /** The credential's serial number, from the gateway's ID token (`issued_credentials`). */
  serialNumber: z.uuid(),
  recordId: z.uuid(),
  accountId: z.uuid(),
  downloadedAt: zInstant,
  /** The issuer DID the gateway reported. */
  issuer: z.string().min(1),
  expiresAt: zInstant.optional(),
  revokedAt: zInstant.optional(),
  revocationReason: z.enum(REVOCATION_REASONS).optional(),
});
export type Download = z.infer<typeof zDownload>;

export const zGatewayClient = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.url(),
  registeredAt: zInstant,
});
export type GatewayClient = z.infer<typeof zGatewayClient>;

export const zPortalState = z.strictObject({
  version: z.literal(1),
  client: zGatewayClient.optional(),
  accounts: z.array(zAccount),
  records: z.array(zTrainingRecord),
  downloads: z.array(zDownload),
});
export type PortalState = z.infer<typeof zPortalState>;

export class StateFileError extends Error {
  constructor(file: string, detail: string) {
    super(`the training portal's state file ${file} cannot be read: ${detail} (move it away to start afresh)`);
    this.name = 'StateFileError';
  }
}

export interface StateStore {
  /** The current state (a parsed copy; change it only through `update`). */
  read(): Promise<PortalState>;
  /** Applies `change` to the current state and writes it, one change at a time. */
  update<T>(change: (state: PortalState) => T | Promise<T>): Promise<T>;
}

export function stateFilePath(dataDir: string): string {
  return path.join(dataDir, 'external-demo', 'training-portal.json');
}

/**
 * The portal's state file: read on first use, created with `seed()` when absent. A file that
 * does not parse is an error, never silently replaced (it holds serial numbers and a secret).
 */
export function fileStateStore(file: string, seed: () => Promise<PortalState>): StateStore {
  let current: Promise<PortalState> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<PortalState> => {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const seeded = zPortalState.parse(await seed());
      await write(file, seeded);
      return seeded;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StateFileError(file, 'not JSON');
    }
    const parsed = zPortalState.safeParse(json);
    if (!parsed.success) throw new StateFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; '));
    return parsed.data;
  };

  const state = () => {
    current ??= load().catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    return current;
  };

  return {
    async read() {
      return structuredClone(await state());
    },
    update(change) {
      const run = queue.then(async () => {
        const next = structuredClone(await state());
        const result = await change(next);
        const parsed = zPortalState.parse(next);
        await write(file, parsed);
        current = Promise.resolve(parsed);
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

async function write(file: string, state: PortalState): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  // The file holds the gateway client secret and password hashes: owner only.
  await fs.promises.writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.promises.rename(temporary, file);
}
