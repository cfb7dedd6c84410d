// Every job that runs once per trust, in the order `dsp jobs list` shows them (docs/architecture.md D37).
import { createEsrHttpClient, type EsrPort } from '../integrations/esr/index.ts';
import { esrBaseUrl, type Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { autoProvideJob } from './auto-provide.ts';
import { expirySweep } from './expiry-sweep.ts';
import { invitationReminders, pendingCredentialReminders } from './reminders.ts';
import type { TrustJobDefinition } from './trust-jobs.ts';
import { weeklySummary } from './weekly-summary.ts';

export interface TrustJobOptions {
  /** The ESR port auto-provide reads; undefined until ESR is configured (every run then fails, saying so). */
  esr: EsrPort | undefined;
  /** Passports auto-provide reads and writes at once (default 4). */
  autoProvideConcurrency?: number;
}

export function trustJobDefinitions(options: TrustJobOptions): TrustJobDefinition[] {
  return [
    autoProvideJob({ esr: options.esr, ...(options.autoProvideConcurrency ? { concurrency: options.autoProvideConcurrency } : {}) }),
    invitationReminders,
    pendingCredentialReminders,
    weeklySummary,
    expirySweep,
  ];
}

/** The definitions a process registers: auto-provide reads ESR through the HTTP client of the configured port (docs/esr.md). */
export function configuredTrustJobs(config: Config, logger: Logger): TrustJobDefinition[] {
  return trustJobDefinitions({ esr: createEsrHttpClient({ baseUrl: esrBaseUrl(config), timeoutMs: config.esr.timeoutMs, logger }) });
}
