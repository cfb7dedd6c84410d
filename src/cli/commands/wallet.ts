// dsp wallet … — the CLI wallet (docs/architecture.md §5): a real holder over the holder library
// (src/wallet), keeping its key and credentials as files in --wallet-dir (default .dsp/wallet).
// It needs no database, so it runs beside a running server. Plain http is allowed only to
// localhost / 127.0.0.1 issuers and verifiers (development); everything else must be https.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { didJwkFromPublicJwk, type PublicKeyJwk } from '../../core/did/index.ts';
import {
  ChoiceRequired,
  WalletNotInitialised,
  createHolder,
  decodeCredential,
  subjectClaimsOf,
  type CredentialRecord,
  type Holder,
  type PresentationRequest,
  type TxCodePrompt,
} from '../../wallet/index.ts';
import { createFileCredentialStore, createFileKeyStore, keysDir } from '../../wallet/node/file-stores.ts';
import { UsageError, type Command, type LocalCommand, type LocalContext, type ParsedValues } from '../command.ts';

const walletDirOption = { 'wallet-dir': { type: 'string' } } as const;

function walletDirOf(context: LocalContext, values: ParsedValues): string {
  const dir = values['wallet-dir'];
  return path.resolve(context.cwd, typeof dir === 'string' && dir !== '' ? dir : path.join('.dsp', 'wallet'));
}

function holderOf(walletDir: string): Holder {
  return createHolder({
    fetch: (url, init) => fetch(url, init),
    keys: createFileKeyStore(walletDir),
    credentials: createFileCredentialStore(walletDir),
    allowLoopbackHttp: true,
  });
}

async function openWallet(context: LocalContext, values: ParsedValues): Promise<{ dir: string; holder: Holder }> {
  const dir = walletDirOf(context, values);
  const keys = createFileKeyStore(dir);
  const exists = await access(keysDir(dir)).then(
    () => true,
    () => false,
  );
  if (!exists || (await keys.list()).length === 0) throw new WalletNotInitialised(dir);
  return { dir, holder: holderOf(dir) };
}

function summary(record: CredentialRecord) {
  return {
    id: record.id,
    type: record.type,
    name: record.typeName ?? record.type,
    format: record.format,
    issuer: record.issuer.name ?? record.issuer.url,
    issuerDid: record.issuer.did,
    issuedAt: record.issuedAt ?? null,
    expiresAt: record.expiresAt ?? null,
    receivedAt: record.receivedAt,
  };
}

function line(record: CredentialRecord): string {
  const expiry = record.expiresAt ? `, expires ${record.expiresAt.slice(0, 10)}` : '';
  return `  ${record.id}  ${record.typeName ?? record.type} (${record.format}) from ${record.issuer.name ?? record.issuer.url}${expiry}`;
}

const init: LocalCommand = {
  words: ['wallet', 'init'],
  usage: 'dsp wallet init [--wallet-dir DIR] [--json]',
  summary: 'Create a CLI wallet: a P-256 wallet key (JWK, mode 0600) in --wallet-dir (default .dsp/wallet)',
  options: walletDirOption,
  needsDatabase: false,
  async run(context, values) {
    const dir = walletDirOf(context, values);
    const keys = createFileKeyStore(dir);
    const existing = (await keys.list())[0];
    const key = existing ?? (await keys.create(new Date()));
    const did = didJwkFromPublicJwk(key.publicJwk as PublicKeyJwk);
    return {
      text: existing ? `A wallet already exists in ${dir} (key ${key.id}).` : `Created a wallet in ${dir}.\nWallet key: ${key.id}\nAs a DID: ${did}`,
      json: { outcome: existing ? 'exists' : 'created', walletDir: dir, keyId: key.id, did },
    };
  },
};

const receive: LocalCommand = {
  words: ['wallet', 'receive'],
  usage: 'dsp wallet receive OFFER_URI [--tx-code CODE] [--wallet-dir DIR] [--json]',
  summary: 'Receive the credentials of an OpenID4VCI offer (openid-credential-offer://…), checking each against its issuer',
  options: { ...walletDirOption, 'tx-code': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  needsDatabase: false,
  async run(context, values, [offerUri]) {
    const { holder } = await openWallet(context, values);
    const given = typeof values['tx-code'] === 'string' ? values['tx-code'] : undefined;
    // Ask at the terminal only when no code was given, showing who asks (STANDARDS e.3 tx_code phishing).
    const ask = async (prompt: TxCodePrompt) => {
      if (given !== undefined) return given;
      if (!context.prompt || values.json === true) return undefined;
      const who = `${prompt.issuerName ? `${prompt.issuerName} ` : ''}(${new URL(prompt.issuer).host})`;
      return (await context.prompt(`${who} asks for a transaction code${prompt.description ? ` — ${prompt.description}` : ''}: `)).trim();
    };
    const result = await holder.receive(offerUri!, { txCode: ask });
    return {
      text: [`Received ${result.received.length} credential${result.received.length === 1 ? '' : 's'} from ${result.issuer.name ?? result.issuer.url}:`, ...result.received.map(line)].join('\n'),
      json: { outcome: 'received', issuer: result.issuer, credentials: result.received.map(summary) },
    };
  },
};

function describeRequest(request: PresentationRequest): string[] {
  const lines = [`${request.verifier.name ?? request.verifier.identifier} asks for:`];
  for (const query of request.queries) {
    lines.push(`  ${query.queryId}: ${query.candidates.length ? query.candidates.map((c) => `${c.id} (${c.typeName ?? c.type}, ${c.issuer.name ?? c.issuer.url})`).join(' | ') : 'nothing in this wallet matches'}`);
  }
  return lines;
}

function parseChoices(values: ParsedValues): Record<string, string> {
  const raw = values.choose;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const choices: Record<string, string> = {};
  for (const entry of list) {
    const m = /^([^=]+)=(.+)$/.exec(String(entry));
    if (!m) throw new UsageError(`--choose takes QUERYID=CREDENTIALID, not ${String(entry)}`);
    choices[m[1]!] = m[2]!;
  }
  return choices;
}

const present: LocalCommand = {
  words: ['wallet', 'present'],
  usage: 'dsp wallet present REQUEST_URI [--choose QUERYID=CREDENTIALID]… [--decline] [--wallet-dir DIR] [--json]',
  summary: 'Answer an OpenID4VP request (openid4vp://…): share the matching credentials, or decline',
  options: { ...walletDirOption, choose: { type: 'string', multiple: true }, decline: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  needsDatabase: false,
  async run(context, values, [requestUri]) {
    const { holder } = await openWallet(context, values);
    const choices = parseChoices(values);
    const request = await holder.resolvePresentationRequest(requestUri!);
    const verifier = { clientId: request.verifier.clientId, name: request.verifier.name ?? null, responseHost: request.verifier.responseHost };
    if (values.decline === true) {
      const { redirectUri } = await holder.decline(request);
      return {
        text: [`Declined the request from ${request.verifier.identifier}.`, ...(redirectUri ? [`Continue at: ${redirectUri}`] : [])].join('\n'),
        json: { outcome: 'declined', verifier, redirectUri: redirectUri ?? null },
      };
    }
    // Several credentials answering one query: ask at the terminal, or (no terminal, --json) stop
    // and name the candidates. A request can be fetched only once, so the caller then starts
    // again with --choose.
    let result;
    for (;;) {
      try {
        result = await holder.present(request, choices);
        break;
      } catch (error) {
        if (!(error instanceof ChoiceRequired)) throw error;
        const candidates = request.queries.find((q) => q.queryId === error.queryId)?.candidates ?? [];
        if (context.prompt && values.json !== true) {
          const menu = candidates.map((c, i) => `  ${i + 1}. ${line(c).trim()}`).join('\n');
          const answer = Number((await context.prompt(`${error.message}\n${menu}\nWhich one (1-${candidates.length})? `)).trim());
          const picked = candidates[answer - 1];
          if (!picked) throw new UsageError('No credential chosen; nothing was shared.');
          choices[error.queryId] = picked.id;
          continue;
        }
        return {
          text: [error.message, ...describeRequest(request), `Nothing was shared. Start again and add --choose ${error.queryId}=CREDENTIALID.`].join('\n'),
          json: { error: 'failed', code: error.code, message: error.message, queryId: error.queryId, candidates: error.candidateIds },
          exitCode: 1,
        };
      }
    }
    return {
      text: [`Shared with ${request.verifier.identifier}:`, ...result.shared.map((s) => `  ${s.queryId}: ${s.credentialId}`), ...(result.redirectUri ? [`Continue at: ${result.redirectUri}`] : [])].join('\n'),
      json: { outcome: 'presented', verifier, shared: result.shared, redirectUri: result.redirectUri ?? null },
    };
  },
};

const list: LocalCommand = {
  words: ['wallet', 'list'],
  usage: 'dsp wallet list [--wallet-dir DIR] [--json]',
  summary: 'List the credentials in the wallet',
  options: walletDirOption,
  needsDatabase: false,
  async run(context, values) {
    const { dir, holder } = await openWallet(context, values);
    const records = await holder.list();
    return {
      text: records.length ? [`${records.length} credential${records.length === 1 ? '' : 's'} in ${dir}:`, ...records.map(line)].join('\n') : `No credentials in ${dir}.`,
      json: { credentials: records.map(summary) },
    };
  },
};

const show: LocalCommand = {
  words: ['wallet', 'show'],
  usage: 'dsp wallet show ID [--wallet-dir DIR] [--json]',
  summary: 'Show one credential and what it says',
  options: walletDirOption,
  positionals: { min: 1, max: 1 },
  needsDatabase: false,
  async run(context, values, [id]) {
    const { holder } = await openWallet(context, values);
    const record = await holder.get(id!);
    const claims = subjectClaimsOf(decodeCredential(record.format, record.credential));
    return {
      text: [line(record).trim(), `Issuer DID: ${record.issuer.did}`, ...Object.entries(claims).map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)].join('\n'),
      json: { ...summary(record), status: record.status ?? null, keyId: record.keyId, claims, credential: record.credential },
    };
  },
};

const remove: LocalCommand = {
  words: ['wallet', 'delete'],
  usage: 'dsp wallet delete ID [--wallet-dir DIR] [--json]',
  summary: 'Delete a credential from the wallet (and tell its issuer)',
  options: walletDirOption,
  positionals: { min: 1, max: 1 },
  needsDatabase: false,
  async run(context, values, [id]) {
    const { holder } = await openWallet(context, values);
    const { issuerNotified } = await holder.delete(id!);
    return { text: `Deleted ${id}.${issuerNotified ? ' The issuer was told.' : ''}`, json: { outcome: 'deleted', id, issuerNotified } };
  },
};

export const walletCommands: Command[] = [init, receive, present, list, show, remove];
