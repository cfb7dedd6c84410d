// Configuration is parsed once, at start-up, into a typed object (STYLE.md rule 12).
// Every setting has one path (e.g. `http.port`) and one environment variable; an error
// names both. Local defaults are friendly; in production the public URL, the database
// and every secret must be given or the process refuses to start.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const zConfig = z
  .object({
    env: z.enum(['development', 'test', 'production']),
    http: z.object({
      host: z.string().min(1),
      port: z.coerce.number().int().min(0).max(65535),
      publicUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
      bodyLimitBytes: z.coerce.number().int().min(1024).max(50 * 1024 * 1024),
      trustProxy: z.stringbool().or(z.boolean()),
    }),
    data: z.object({
      dir: z.string().min(1),
      databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
      poolSize: z.coerce.number().int().min(1).max(200),
    }),
    secrets: z.object({
      /** 32 bytes, base64: the key-encryption key for keys and secrets at rest. */
      keyEncryptionKey: z
        .string()
        .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
      /** Signs cookies (CSRF secret cookie, session ids). */
      cookieSecret: z.string().min(32, 'must be at least 32 characters'),
    }),
    notify: z.object({
      provider: z.enum(['outbox', 'smtp', 'govuk-notify']),
      fromAddress: z.email(),
      smtpUrl: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
      notifyApiKey: z.string().min(10).optional(),
      notifyBaseUrl: z.url().optional(),
      notifyEmailTemplateId: z.uuid().optional(),
      notifySmsTemplateId: z.uuid().optional(),
    }),
    log: z.object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    }),
    jobs: z.object({
      enabled: z.stringbool().or(z.boolean()),
      pollIntervalMs: z.coerce.number().int().min(50).max(60_000),
      timezone: z.string().min(1),
    }),
    demo: z.object({ seed: z.stringbool().or(z.boolean()) }),
    esr: z.object({
      /** The ESR port's HTTP interface; absent: this deployment's own simulator (`esrBaseUrl`). */
      url: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
      timeoutMs: z.coerce.number().int().min(100).max(120_000),
      simSize: z.coerce.number().int().min(0).max(100_000),
      simSeed: z.string().min(1).max(200),
      simOrganisations: z
        .string()
        .regex(/^\s*[A-Z0-9]{3,10}(\s*,\s*[A-Z0-9]{3,10})*\s*$/, 'must be ODS codes separated by commas')
        .transform((v) => v.split(',').map((code) => code.trim())),
      simControl: z.stringbool().or(z.boolean()),
    }),
    idsp: z.object({ simulator: z.stringbool().or(z.boolean()) }),
  })
  .superRefine((c, ctx) => {
    if (c.notify.provider === 'smtp' && !c.notify.smtpUrl)
      ctx.addIssue({ code: 'custom', path: ['notify', 'smtpUrl'], message: 'is required when notify.provider is smtp' });
    if (c.notify.provider === 'govuk-notify')
      for (const key of ['notifyApiKey', 'notifyEmailTemplateId', 'notifySmsTemplateId'] as const)
        if (!c.notify[key]) ctx.addIssue({ code: 'custom', path: ['notify', key], message: 'is required when notify.provider is govuk-notify' });
  });

export type Config = z.infer<typeof zConfig>;

/** Every setting, its environment variable and its local default (also the README's table). */
export const settings = [
  { path: 'env', env: 'NODE_ENV', default: 'development', doc: '`production` requires the public URL, the database and every secret' },
  { path: 'http.host', env: 'HOST', default: '0.0.0.0', doc: 'address to listen on' },
  { path: 'http.port', env: 'PORT', default: '3000', doc: 'port to listen on' },
  { path: 'http.publicUrl', env: 'DSP_PUBLIC_URL', default: 'http://localhost:$PORT', doc: 'the URL people and wallets use; DIDs and issuer URLs derive from it', production: true },
  { path: 'http.bodyLimitBytes', env: 'DSP_BODY_LIMIT_BYTES', default: '1048576', doc: 'largest request body accepted (413 beyond)' },
  { path: 'http.trustProxy', env: 'DSP_TRUST_PROXY', default: 'false', doc: 'trust X-Forwarded-* from a load balancer' },
  { path: 'data.dir', env: 'DSP_DATA_DIR', default: '.dsp', doc: 'embedded database, generated local secrets, control socket' },
  { path: 'data.databaseUrl', env: 'DATABASE_URL', default: '(embedded PGlite)', doc: 'PostgreSQL connection string', production: true },
  { path: 'data.poolSize', env: 'DSP_DB_POOL_SIZE', default: '10', doc: 'PostgreSQL connections per process' },
  { path: 'secrets.keyEncryptionKey', env: 'DSP_KEY_ENCRYPTION_KEY', default: '(generated into $DSP_DATA_DIR/secrets.json)', doc: '32 random bytes, base64: encrypts signing keys and secrets at rest', production: true },
  { path: 'secrets.cookieSecret', env: 'DSP_COOKIE_SECRET', default: '(generated into $DSP_DATA_DIR/secrets.json)', doc: 'at least 32 characters: signs cookies', production: true },
  { path: 'notify.provider', env: 'DSP_NOTIFY_PROVIDER', default: 'outbox', doc: '`outbox` (local, read at /dev/outbox), `smtp` or `govuk-notify`' },
  { path: 'notify.fromAddress', env: 'DSP_MAIL_FROM', default: 'no-reply@dsp.localhost', doc: 'sender of email sent by SMTP' },
  { path: 'notify.smtpUrl', env: 'DSP_SMTP_URL', default: '', doc: 'e.g. smtp://user:pass@mail.example:587 (provider smtp)' },
  { path: 'notify.notifyApiKey', env: 'DSP_NOTIFY_API_KEY', default: '', doc: 'GOV.UK Notify API key (provider govuk-notify)' },
  { path: 'notify.notifyBaseUrl', env: 'DSP_NOTIFY_BASE_URL', default: '', doc: 'GOV.UK Notify API base URL, when not the public one' },
  { path: 'notify.notifyEmailTemplateId', env: 'DSP_NOTIFY_EMAIL_TEMPLATE_ID', default: '', doc: 'Notify email template whose subject is ((subject)) and body ((body))' },
  { path: 'notify.notifySmsTemplateId', env: 'DSP_NOTIFY_SMS_TEMPLATE_ID', default: '', doc: 'Notify text message template whose body is ((body))' },
  { path: 'log.level', env: 'LOG_LEVEL', default: 'info', doc: 'pino level' },
  { path: 'jobs.enabled', env: 'DSP_JOBS', default: 'true', doc: 'run the job worker and scheduler in this process' },
  { path: 'jobs.pollIntervalMs', env: 'DSP_JOBS_POLL_MS', default: '1000', doc: 'how often the worker looks for due jobs' },
  { path: 'jobs.timezone', env: 'DSP_JOBS_TZ', default: 'Europe/London', doc: 'time zone of cron schedules' },
  { path: 'demo.seed', env: 'DSP_DEMO', default: 'true (false in production)', doc: 'seed the demo world into an empty database' },
  { path: 'esr.url', env: 'DSP_ESR_URL', default: '($DSP_PUBLIC_URL/esr-sim, the simulator)', doc: 'base URL of the ESR port’s HTTP interface (docs/esr.md)' },
  { path: 'esr.timeoutMs', env: 'DSP_ESR_TIMEOUT_MS', default: '5000', doc: 'how long one ESR call may take, reading the answer included' },
  { path: 'esr.simSize', env: 'DSP_ESR_SIM_SIZE', default: '250', doc: 'people the ESR simulator generates per organisation' },
  { path: 'esr.simSeed', env: 'DSP_ESR_SIM_SEED', default: 'open-dsp', doc: 'seed of the simulated ESR population: same seed, same people' },
  { path: 'esr.simOrganisations', env: 'DSP_ESR_SIM_ORGS', default: 'RZX,RZY', doc: 'ODS codes the ESR simulator has people for' },
  { path: 'esr.simControl', env: 'DSP_ESR_SIM_CONTROL', default: 'true (false in production)', doc: 'serve the ESR simulator’s control endpoints (change records, inject faults)' },
  { path: 'idsp.simulator', env: 'DSP_IDSP_SIMULATOR', default: 'true (false in production)', doc: 'serve the identity service provider simulator at /idsp/{ods}' },
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function setPath(target: Record<string, unknown>, dotted: string, value: unknown) {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

/** Local secrets for the zero-setup default: generated once, kept in the data dir, never committed. */
function localSecrets(dataDir: string): { keyEncryptionKey: string; cookieSecret: string } {
  const file = path.join(dataDir, 'secrets.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    const secrets = { keyEncryptionKey: randomBytes(32).toString('base64'), cookieSecret: randomBytes(32).toString('base64url') };
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    return secrets;
  }
}

export interface LoadOptions {
  /** Generate local secrets into the data dir when they are not given (never in production). */
  generateLocalSecrets?: boolean;
}

/** Parses the environment into a Config, or throws a ConfigError naming every bad path. */
export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
  const production = env.NODE_ENV === 'production';
  const raw: Record<string, unknown> = {};
  const missing: string[] = [];
  const envOf = new Map<string, string>();
  for (const s of settings) {
    envOf.set(s.path, s.env);
    const given = env[s.env];
    if (given !== undefined && given !== '') {
      setPath(raw, s.path, given);
      continue;
    }
    if (production && 'production' in s && s.production) {
      missing.push(`${s.path} (${s.env}): is required in production`);
      continue;
    }
    if (s.default.startsWith('(') || s.default === '') continue;
    setPath(raw, s.path, s.default.replace('$PORT', env.PORT || '3000').replace(/ \(.*\)$/, ''));
  }
  if (production && env.DSP_DEMO === undefined) setPath(raw, 'demo.seed', 'false');
  if (production && env.DSP_ESR_SIM_CONTROL === undefined) setPath(raw, 'esr.simControl', 'false');
  if (production && env.DSP_IDSP_SIMULATOR === undefined) setPath(raw, 'idsp.simulator', 'false');
  if (missing.length) throw new ConfigError(missing);

  const dataDir = (env.DSP_DATA_DIR || '.dsp') as string;
  if (!production && (options.generateLocalSecrets ?? true)) {
    const generated = !env.DSP_KEY_ENCRYPTION_KEY || !env.DSP_COOKIE_SECRET ? localSecrets(dataDir) : undefined;
    if (!env.DSP_KEY_ENCRYPTION_KEY && generated) setPath(raw, 'secrets.keyEncryptionKey', generated.keyEncryptionKey);
    if (!env.DSP_COOKIE_SECRET && generated) setPath(raw, 'secrets.cookieSecret', generated.cookieSecret);
  }

  const parsed = zConfig.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const dotted = issue.path.join('.');
        const variable = envOf.get(dotted);
        return `${dotted || '(root)'}${variable ? ` (${variable})` : ''}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

/** Whether the public URL's origin is https: decides HSTS and secure cookies. */
export function isHttps(config: Config): boolean {
  return config.http.publicUrl.startsWith('https://');
}

/** The ESR port's base URL: DSP_ESR_URL, or this deployment's own simulator (docs/esr.md). */
export function esrBaseUrl(config: Config): string {
  return config.esr.url ?? `${config.http.publicUrl}/esr-sim`;
}
