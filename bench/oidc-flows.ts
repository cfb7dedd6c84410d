// Complete direct-to-wallet flows through the gateway's OIDC face, over real HTTP against the
// real app, on PGlite and on PostgreSQL (docs/architecture.md D30):
//
//   verifying mode  an openid-client relying party builds the authorization URL (PKCE, state,
//                   nonce); a cookie-jar browser follows /gateway/authorize to the QR page; the
//                   person's wallet (our holder library, its own P-256 key, holding an access key
//                   and identity credential) presents over OpenID4VP (direct_post.jwt, same
//                   device); the browser follows the redirect back; the RP redeems the code
//                   and validates the ID token.
//   issuing mode    the RP pushes a CoreSkill (PAR with authorization_details); the browser
//                   follows to the QR page; the wallet receives it over OpenID4VCI (holder-key
//                   binding); the browser continues back; the RP redeems the code.
//
// One flow = every request above (about 12–15 HTTP requests). RP, browser and wallets run in
// this process beside the server, so they share its two cores: figures are end-to-end on one
// machine, not the server's capacity alone. Prints flows/s and p50/p95 latency per mode.
//
//   npx tsx bench/oidc-flows.ts [--flows=200] [--concurrency=20] [--engines=pglite,postgres] [--json]
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as client from 'openid-client';
import { createApp, createServices } from '../src/app.ts';
import { SAMPLE_CORE_SKILLS, SAMPLE_SUBJECTS } from '../src/core/credentials/index.ts';
import { createCredentialOffer } from '../src/gateway/oid4vci/index.ts';
import { hashClientSecret } from '../src/gateway/oidc/client-secrets.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { openDatabase, type Database } from '../src/store/database.ts';
import { organisationOidcClients } from '../src/store/oidc-clients.ts';
import { provisionOrganisationKeys } from '../src/store/organisation-keys.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { scopeOf } from '../src/store/scope.ts';
import { browserBindingOf } from '../src/store/wallet-sessions.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type Holder } from '../src/wallet/index.ts';
import { CookieBrowser, walletLinkOf } from '../test/support/cookie-browser.ts';
import { freePort } from '../test/support/free-port.ts';
import { freshBenchPostgres } from './fresh-postgres.ts';

export interface OidcFlowFigures {
  engine: 'pglite' | 'postgres';
  mode: 'verifying' | 'issuing';
  flows: number;
  concurrency: number;
  flowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

export interface OidcFlowOptions {
  flows: number;
  concurrency: number;
  engines: ('pglite' | 'postgres')[];
}

const SECRET = 'bench-client-secret-0123456789-0123456789';
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function openEngine(engine: 'pglite' | 'postgres'): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    return { database, drop: async () => undefined };
  }
  return freshBenchPostgres(20);
}

export async function benchOidcFlows(options: OidcFlowOptions): Promise<OidcFlowFigures[]> {
  const figures: OidcFlowFigures[] = [];
  for (const engine of options.engines) {
    const { database, drop } = await openEngine(engine);
    try {
      await database.migrate();
      figures.push(...(await runOn(engine, database, options)));
    } finally {
      await database.close();
      await drop();
    }
  }
  return figures;
}

async function runOn(engine: 'pglite' | 'postgres', database: Database, options: OidcFlowOptions): Promise<OidcFlowFigures[]> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const redirectUri = `${base}/rp/callback`;
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), DSP_COOKIE_SECRET: 'bench-cookie-secret-bench-cookie-secret-01', DSP_PUBLIC_URL: base, DSP_JOBS: 'false' },
    { generateLocalSecrets: false },
  );
  const logger = createLogger('silent');
  const services = createServices(config, logger, database, systemClock);
  const app = await createApp({ config, logger, database, clock: systemClock, ...services });
  try {
    const { db } = database;
    const trust = (await addOrganisation(db, { odsCode: 'RBN', name: 'Bench Trust', kind: 'trust' })).organisation;
    const provider = (await addOrganisation(db, { odsCode: 'XBN', name: 'Bench Training', kind: 'external' })).organisation;
    await provisionOrganisationKeys(db, services.keys, trust.id);
    await provisionOrganisationKeys(db, services.keys, provider.id);
    await organisationOidcClients(db, scopeOf(provider.id)).add({ clientId: 'bench', name: 'Bench RP', secretHash: hashClientSecret(SECRET), redirectUris: [redirectUri], credentialTypes: ['CoreSkill'], idTokenSignedResponseAlg: 'ES256', now: systemClock.now() });
    await app.listen({ port, host: 'localhost' });

    // One wallet per concurrent person, each onboarded with an access key and identity credential.
    const people: { holder: Holder; dspId: string }[] = [];
    for (let i = 0; i < options.concurrency; i++) {
      const dspId = crypto.randomUUID();
      const holder = createHolder({ fetch: (u, init) => fetch(u, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
      const offer = await database.transaction((tx) =>
        createCredentialOffer(tx, { clock: systemClock, publicUrl: base }, {
          organisation: trust,
          dspId,
          credentials: [
            { type: 'AccessKey', format: 'dc+sd-jwt', subject: { ...SAMPLE_SUBJECTS.AccessKey, dspId, organisationOds: 'RBN' } },
            { type: 'Identity', format: 'dc+sd-jwt', subject: { ...SAMPLE_SUBJECTS.Identity, dspId } },
          ],
          holderBinding: { mode: 'session' },
          txCode: true,
          walletSession: { purpose: 'bench', browserBinding: browserBindingOf('bench'), returnTo: '/', ttlSeconds: 600 },
        }),
      );
      await holder.receive(offer.offerUri, { txCode: offer.txCode! });
      people.push({ holder, dspId });
    }
    const rp = await client.discovery(new URL(`${base}/gateway`), 'bench', SECRET, undefined, { execute: [client.allowInsecureRequests] });

    const verifyingFlow = async (person: { holder: Holder }) => {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(rp, { redirect_uri: redirectUri, scope: 'openid Identity', state, nonce, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const browser = new CookieBrowser();
      const { url: page } = await browser.follow(url.href, (u) => u.includes('/wallet-sessions/'));
      const link = walletLinkOf(await (await browser.request(page)).text());
      const presented = await person.holder.present(await person.holder.resolvePresentationRequest(link));
      const { url: callback } = await browser.follow(presented.redirectUri!, (u) => u.startsWith(redirectUri));
      const tokens = await client.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      if (!tokens.claims()?.verified_credentials) throw new Error('no verified credentials');
    };

    const issuingFlow = async (person: { holder: Holder; dspId: string }) => {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const { dspId: _omit, ...claims } = SAMPLE_CORE_SKILLS[0]!;
      const url = await client.buildAuthorizationUrlWithPAR(rp, {
        redirect_uri: redirectUri,
        scope: 'openid issue.CoreSkill',
        state,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        authorization_details: JSON.stringify([{ type: 'dsp_credential', credential_type: 'CoreSkill', dsp_unique_identifier: person.dspId, claims }]),
      });
      const browser = new CookieBrowser();
      const { url: page } = await browser.follow(url.href, (u) => u.includes('/wallet-sessions/'));
      const link = walletLinkOf(await (await browser.request(page)).text());
      await person.holder.receive(link);
      const { url: callback } = await browser.follow(`${page}/continue`, (u) => u.startsWith(redirectUri));
      const tokens = await client.authorizationCodeGrant(rp, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
      if (!tokens.claims()?.issued_credentials) throw new Error('nothing issued');
    };

    const results: OidcFlowFigures[] = [];
    for (const [mode, flow] of [['verifying', verifyingFlow], ['issuing', issuingFlow]] as const) {
      // Warm up: one flow per person.
      await Promise.all(people.map((p) => flow(p)));
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        people.map(async (person) => {
          while (next < options.flows) {
            next++;
            const t0 = performance.now();
            await flow(person);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      results.push({ engine, mode, flows: latencies.length, concurrency: options.concurrency, flowsPerSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) });
    }
    return results;
  } finally {
    await app.close();
    await services.close();
  }
}

export function oidcFlowTable(figures: readonly OidcFlowFigures[]): string {
  const rows = figures.map((f) => `  ${f.engine.padEnd(9)} ${f.mode.padEnd(10)} ${f.flowsPerSecond.toFixed(1).padStart(8)} flows/s   p50 ${f.p50Ms.toFixed(0).padStart(5)} ms   p95 ${f.p95Ms.toFixed(0).padStart(5)} ms   (${f.flows} flows, ${f.concurrency} concurrent)`);
  return ['Direct-to-wallet flows through the gateway OIDC face (RP + browser + wallet in the same process):', ...rows].join('\n');
}

export function parseOidcFlowOptions(argv: readonly string[]): OidcFlowOptions {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    flows: Number(value('flows') ?? 200),
    concurrency: Number(value('concurrency') ?? 20),
    engines: (value('engines') ?? 'pglite,postgres').split(',') as OidcFlowOptions['engines'],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseOidcFlowOptions(process.argv.slice(2));
  const figures = await benchOidcFlows(options);
  console.log(process.argv.includes('--json') ? JSON.stringify(figures, null, 2) : oidcFlowTable(figures));
}
