// dsp client add|list|rotate-secret|disable|enable — onboarding external systems to the gateway's
// OIDC face (docs/architecture.md §5, D30). The secret is printed once and stored hashed.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isCredentialTypeId, mayIssue } from '../../core/credentials/index.ts';
import { organisationDid } from '../../core/did/index.ts';
import { zOdsCode } from '../../core/passport/organisation.ts';
import { generateClientSecret, hashClientSecret } from '../../gateway/oidc/client-secrets.ts';
import { gatewayIssuer } from '../../gateway/oidc/paths.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { findOidcClient, organisationOidcClients } from '../../store/oidc-clients.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { UsageError, cliActor, requireString, type Command, type Runtime } from '../command.ts';

/** How long the previous secret keeps working after a rotation. */
const ROTATION_OVERLAP_HOURS = 24;

const zJwks = z.object({ keys: z.array(z.record(z.string(), z.unknown()).refine((k) => typeof k.kty === 'string' && k.d === undefined, 'public keys only')).min(1) });

async function organisationOf(runtime: Runtime, ods: string): Promise<Organisation> {
  const code = zOdsCode.safeParse(ods);
  if (!code.success) throw new UsageError('--org: Enter an ODS code of 3 to 10 letters and numbers');
  const organisation = await findOrganisationByOds(runtime.database.db, code.data);
  if (!organisation) throw new UsageError(`--org: no organisation ${code.data} (add it with dsp org add)`);
  return organisation;
}

function redirectUri(value: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--redirect-uri: ${value} is not an absolute URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.hash) throw new UsageError('--redirect-uri: must not have a fragment (RFC 6749 §3.1.2)');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || !production))) throw new UsageError('--redirect-uri: must use https');
  return value;
}

function readJwks(value: string): { keys: Record<string, unknown>[] } {
  const text = fs.existsSync(value) ? fs.readFileSync(value, 'utf8') : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--jwks: give a JWKS file or JSON');
  }
  const jwks = zJwks.safeParse(parsed);
  if (!jwks.success) throw new UsageError('--jwks: a JSON Web Key Set of public keys ({"keys":[…]})');
  return jwks.data;
}

function list(values: unknown): string[] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).map(String);
}

export const clientAdd: Command = {
  words: ['client', 'add'],
  usage:
    'dsp client add --org CODE --name NAME --redirect-uri URL [--redirect-uri URL]… [--credential-type TYPE]… [--jwks FILE] [--id-token-alg ES256|RS256] [--json]',
  summary: 'Register an external system with the gateway (prints its client_id and secret once)',
  options: {
    org: { type: 'string' },
    name: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'credential-type': { type: 'string', multiple: true },
    jwks: { type: 'string' },
    'id-token-alg': { type: 'string' },
  },
  async run(runtime, values) {
    const organisation = await organisationOf(runtime, requireString(values, 'org'));
    const name = requireString(values, 'name').trim();
    const production = runtime.config.env === 'production';
    const redirectUris = list(values['redirect-uri']).map((u) => redirectUri(u, production));
    if (redirectUris.length === 0) throw new UsageError('--redirect-uri is required');
    const types = list(values['credential-type']);
    for (const t of types) if (!isCredentialTypeId(t)) throw new UsageError(`--credential-type: unknown type ${t}`);
    const alg = (values['id-token-alg'] as string | undefined) ?? 'ES256';
    if (alg !== 'ES256' && alg !== 'RS256') throw new UsageError('--id-token-alg: ES256 or RS256');
    const jwks = typeof values.jwks === 'string' ? readJwks(values.jwks) : undefined;

    const clientId = `dsp-${organisation.odsCode.toLowerCase()}-${randomBytes(6).toString('hex')}`;
    const secret = generateClientSecret();
    const record = await runtime.database.transaction(async (tx) => {
      const added = await organisationOidcClients(tx, scopeOf(organisation.id)).add({
        clientId,
        name,
        secretHash: hashClientSecret(secret),
        redirectUris,
        credentialTypes: types,
        jwks,
        idTokenSignedResponseAlg: alg,
        now: runtime.clock.now(),
      });
      await appendAudit(
        tx,
        { organisationId: organisation.id, actor: cliActor, action: 'oidc_client.added', subject: clientId, correlationId: runtime.correlationId, details: { name, redirectUris, credentialTypes: types, privateKeyJwt: Boolean(jwks) } },
        runtime.clock,
      );
      return added;
    });
    const issuer = gatewayIssuer(runtime.config.http.publicUrl);
    const did = organisationDid(runtime.config.http.publicUrl, organisation.odsCode);
    const notIssuable = types.filter((t) => isCredentialTypeId(t) && !mayIssue(t, organisation.kind));
    const lines = [
      `Registered ${name} for ${organisation.odsCode}`,
      `  client_id      ${record.clientId}`,
      jwks ? '  authentication private_key_jwt (the keys given)' : `  client_secret  ${secret}   (shown once: store it now)`,
      `  issuer         ${issuer}`,
      `  organisation   ${did}`,
      ...(notIssuable.length ? [`  note: a ${organisation.kind} may verify but not issue ${notIssuable.join(', ')}`] : []),
    ];
    return { text: lines.join('\n'), json: { client_id: record.clientId, client_secret: jwks ? null : secret, organisation_did: did, issuer } };
  },
};

export const clientList: Command = {
  words: ['client', 'list'],
  usage: 'dsp client list --org CODE [--json]',
  summary: 'List an organisation’s external systems',
  options: { org: { type: 'string' } },
  async run(runtime, values) {
    const organisation = await organisationOf(runtime, requireString(values, 'org'));
    const clients = await organisationOidcClients(runtime.database.db, scopeOf(organisation.id)).list();
    const rows = clients.map((c) => ({
      client_id: c.clientId,
      name: c.name,
      redirect_uris: c.redirectUris,
      credential_types: c.credentialTypes,
      authentication: c.jwks ? 'private_key_jwt' : 'client_secret',
      status: c.disabledAt ? 'disabled' : 'active',
      created_at: c.createdAt.toISOString(),
    }));
    const text = rows.length === 0 ? `${organisation.odsCode} has no external systems` : rows.map((r) => `${r.client_id}  ${r.status.padEnd(8)}  ${r.name}  [${r.credential_types.join(', ')}]`).join('\n');
    return { text, json: { clients: rows } };
  },
};

function clientChange(words: [string, string], summary: string, change: (runtime: Runtime, organisation: Organisation, clientId: string) => Promise<{ text: string; json: unknown }>): Command {
  return {
    words,
    usage: `dsp ${words.join(' ')} --org CODE --client-id ID [--json]`,
    summary,
    options: { org: { type: 'string' }, 'client-id': { type: 'string' } },
    async run(runtime, values) {
      const organisation = await organisationOf(runtime, requireString(values, 'org'));
      const clientId = requireString(values, 'client-id');
      const client = await findOidcClient(runtime.database.db, clientId);
      if (!client || client.organisationId !== organisation.id) throw new UsageError(`--client-id: ${organisation.odsCode} has no client ${clientId}`);
      return change(runtime, organisation, clientId);
    },
  };
}

export const clientRotateSecret = clientChange(['client', 'rotate-secret'], `Give a client a new secret (the old one works for ${ROTATION_OVERLAP_HOURS} more hours)`, async (runtime, organisation, clientId) => {
  const secret = generateClientSecret();
  const now = runtime.clock.now();
  const until = new Date(now.getTime() + ROTATION_OVERLAP_HOURS * 3_600_000);
  await runtime.database.transaction(async (tx) => {
    const ok = await organisationOidcClients(tx, scopeOf(organisation.id)).rotateSecret(clientId, hashClientSecret(secret), until, now);
    if (!ok) throw new UsageError('the client changed meanwhile: try again');
    await appendAudit(tx, { organisationId: organisation.id, actor: cliActor, action: 'oidc_client.secret_rotated', subject: clientId, correlationId: runtime.correlationId, details: { previousValidUntil: until.toISOString() } }, runtime.clock);
  });
  return { text: `New secret for ${clientId}: ${secret}   (shown once; the old secret works until ${until.toISOString()})`, json: { client_id: clientId, client_secret: secret, previous_secret_valid_until: until.toISOString() } };
});

function setDisabled(disabled: boolean) {
  return async (runtime: Runtime, organisation: Organisation, clientId: string) => {
    await runtime.database.transaction(async (tx) => {
      await organisationOidcClients(tx, scopeOf(organisation.id)).setDisabled(clientId, disabled, runtime.clock.now());
      await appendAudit(tx, { organisationId: organisation.id, actor: cliActor, action: disabled ? 'oidc_client.disabled' : 'oidc_client.enabled', subject: clientId, correlationId: runtime.correlationId, details: {} }, runtime.clock);
    });
    return { text: `${clientId} ${disabled ? 'disabled: it can no longer sign people in, issue or revoke' : 'enabled'}`, json: { client_id: clientId, status: disabled ? 'disabled' : 'active' } };
  };
}

export const clientDisable = clientChange(['client', 'disable'], 'Stop a client: no sign-in, issuing or revocation until enabled', setDisabled(true));
export const clientEnable = clientChange(['client', 'enable'], 'Let a disabled client work again', setDisabled(false));

export const clientCommands: Command[] = [clientAdd, clientList, clientRotateSecret, clientDisable, clientEnable];
