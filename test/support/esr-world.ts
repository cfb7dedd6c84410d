// A trust, its staff passports linked to people of the simulated ESR, and the simulator served
// over real HTTP: what the scheduled-job tests and the auto-provide benchmark start from.
import { createHttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { subjectsFromEsrRecords, type EsrPersonRecords } from '../../src/core/esr/index.ts';
import { slotKeyOf } from '../../src/core/passport/plan-provision.ts';
import { expiryOf } from '../../src/core/credentials/catalogue.ts';
import { createEsrHttpClient, createEsrSimulator, registerEsrSimulator, type EsrPort, type EsrSimulator } from '../../src/integrations/esr/index.ts';
import type { Db } from '../../src/store/database.ts';
import type { OrganisationScope } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { testConfig } from './app.ts';
import { freePort } from './free-port.ts';

let epochs = 0;

export interface EsrWorld {
  simulator: EsrSimulator;
  baseUrl: string;
  /** The ESR port over HTTP (the HTTP client against the simulator). */
  esr: EsrPort;
  close(): Promise<void>;
}

export async function startEsrSimulator(options: { organisations: string[]; size: number; clock: Clock; seed?: string; timeoutMs?: number; demoPeople?: boolean }): Promise<EsrWorld> {
  const port = await freePort();
  const config = testConfig({ PORT: String(port), DSP_PUBLIC_URL: `http://127.0.0.1:${port}` });
  const app = await createHttpServer({ config, logger: createLogger('silent') });
  const simulator = createEsrSimulator({
    seed: options.seed ?? 'jobs-test',
    size: options.size,
    organisations: options.organisations,
    clock: options.clock,
    newEpoch: () => `t${++epochs}`,
    demoPeople: options.demoPeople ?? false,
  });
  registerEsrSimulator(app, { simulator, control: true });
  await app.listen({ host: '127.0.0.1', port });
  const baseUrl = `http://127.0.0.1:${port}/esr-sim`;
  return { simulator, baseUrl, esr: createEsrHttpClient({ baseUrl, timeoutMs: options.timeoutMs ?? 10_000 }), close: () => app.close() };
}

export interface LinkedPerson {
  passportId: string;
  records: EsrPersonRecords;
}

/** Staff passports for the first `count` people of an organisation in the simulator, each linked to their first assignment. */
export async function linkPassports(db: Db, scope: OrganisationScope, simulator: EsrSimulator, orgCode: string, count: number, now: Date): Promise<LinkedPerson[]> {
  const linked: LinkedPerson[] = [];
  const passports = staffPassports(db, scope);
  let i = 0;
  for (const records of simulator.store().people(orgCode)) {
    if (linked.length >= count) break;
    i += 1;
    const added = await passports.add({
      givenName: records.person.firstName,
      familyName: records.person.lastName,
      dateOfBirth: records.person.dateOfBirth,
      email: `person${i}.${orgCode.toLowerCase()}@example.nhs.uk`,
      mobile: `07700${String(900000 + i).padStart(6, '0')}`,
      status: 'credentials-pending',
    });
    if (added.outcome !== 'added') throw new Error('passport not added');
    const result = await passports.linkEsr(added.passport.id, { assignmentNumber: records.assignments[0]!.assignmentNumber, actor: 'user:test', now });
    if (result !== 'linked') throw new Error(`link ${result}`);
    linked.push({ passportId: added.passport.id, records });
  }
  return linked;
}

/**
 * The slots (which credentials) a person's current ESR records give: what a passport should hold
 * one latest version of. Records already past their expiry (lapsed training) are not provided.
 */
export function expectedSlots(simulator: EsrSimulator, orgCode: string, personId: string, now: Date): string[] {
  const records = simulator.store().person(orgCode, personId)!;
  return subjectsFromEsrRecords(records, { dspId: '', refreshedAt: now })
    .filter((i) => (expiryOf(i.type, i.subject, now)?.getTime() ?? Infinity) > now.getTime())
    .map((i) => slotKeyOf(i.type, i.subject))
    .sort();
}
