// Builds the real application on a fresh database for HTTP tests through inject().
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { systemClock, type Clock } from '../../src/platform/clock.ts';
import { createApp, createServices } from '../../src/app.ts';
import type { Database } from '../../src/store/database.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      DSP_COOKIE_SECRET: 'test-cookie-secret-test-cookie-secret-0123',
      DSP_PUBLIC_URL: 'http://localhost:3000',
      ...overrides,
    },
    { generateLocalSecrets: false },
  );
}

export async function testApp(
  database: Database,
  overrides: Record<string, string> = {},
  options: { clock?: Clock } = {},
) {
  const config = testConfig(overrides);
  const logger = createLogger(config.log.level);
  const clock = options.clock ?? systemClock;
  const services = createServices(config, logger, database, clock);
  const app = await createApp({ config, logger, database, clock, ...services });
  app.addHook('onClose', () => services.close());
  await app.ready();
  return Object.assign(app, { services });
}

/** The CSRF cookie and token of a page, for posting its form as a browser would. */
export function csrfFrom(response: { body: string; cookies: { name: string; value: string }[] }) {
  const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
  const cookie = response.cookies.find((c) => c.name.endsWith('dsp-csrf'));
  if (!token || !cookie) throw new Error('page has no CSRF token');
  return { token, cookie: `${cookie.name}=${cookie.value}` };
}
