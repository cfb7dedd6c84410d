// Serving mode of the Credo peer: Credo's own OpenID4VC issuer and verifier (issuer-verifier.ts,
// the code self-check.ts runs) on a free localhost port, for tests of a holder not written here.
//
//   node --import <root>/node_modules/tsx/dist/loader.mjs test-peers/credo/issuer-verifier-cli.ts
//
// stdout carries one JSON line per event. First `{"event":"ready","origin","did"}` once listening;
// then, for every command line read on stdin, `{"event":"reply","tag","ok":true,"result"}` or
// `{"event":"reply","tag","ok":false,"error":{"code","message"}}` (`tag` is echoed from the command).
//
//   {"cmd":"offer","format":"dc+sd-jwt"|"jwt_vc_json","txCode"?:true,"withStatus"?:false}
//       → {"offerUri","txCode","sessionId"}      (txCode: a 6-digit numeric tx_code; default on)
//   {"cmd":"request","format":"dc+sd-jwt"|"jwt_vc_json","responseMode"?:"direct_post"|"direct_post.jwt","requestUriMethod"?:"get"|"post"}
//       → {"requestUri","id","queryId"}          (signed request, decentralized_identifier: client id)
//   {"cmd":"status","id"} → {"state","error"?,"presentations"?}   (Credo's verification session state)
//   {"cmd":"close"}       → stops Credo and exits 0 (also on stdin end)
//
// Anything Credo prints goes to stderr (CREDO_PEER_LOG=debug|info|warn|error turns its logger on).
import readline from 'node:readline';
import { LogLevel, type DcqlQuery } from '@credo-ts/core';
import { VCT, W3C_TYPE, startIssuerVerifier } from './issuer-verifier.ts';

const out = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = console.warn = (...args: unknown[]) => console.error(...args);
const emit = (value: unknown): void => void out(`${JSON.stringify(value)}\n`);

type Format = 'dc+sd-jwt' | 'jwt_vc_json';
const CONFIGURATION: Record<Format, string> = { 'dc+sd-jwt': 'SelfCheck_dc_sd_jwt', jwt_vc_json: 'SelfCheck_jwt_vc_json' };
const QUERY: Record<Format, DcqlQuery> = {
  'dc+sd-jwt': { credentials: [{ id: 'staff', format: 'dc+sd-jwt', meta: { vct_values: [VCT] }, claims: [{ path: ['gmc_number'] }] }] },
  jwt_vc_json: {
    credentials: [{ id: 'staff', format: 'jwt_vc_json', meta: { type_values: [W3C_TYPE] }, claims: [{ path: ['credentialSubject', 'gmc_number'] }] }],
  },
};

interface Command {
  cmd?: string;
  tag?: unknown;
  format?: string;
  txCode?: boolean;
  withStatus?: boolean;
  responseMode?: 'direct_post' | 'direct_post.jwt';
  requestUriMethod?: 'get' | 'post';
  id?: string;
}

function formatOf(command: Command): Format {
  if (command.format === 'dc+sd-jwt' || command.format === 'jwt_vc_json') return command.format;
  throw Object.assign(new Error(`format must be dc+sd-jwt or jwt_vc_json, not ${String(command.format)}`), { code: 'usage' });
}

/** What the verifier accepted, as plain JSON: the disclosed claims of each presentation. */
function summarise(presentations: unknown): unknown {
  if (!presentations || typeof presentations !== 'object') return presentations;
  const result: Record<string, unknown[]> = {};
  for (const [queryId, list] of Object.entries(presentations as Record<string, unknown>)) {
    result[queryId] = (Array.isArray(list) ? list : [list]).map((p: unknown) => {
      const presentation = p as { claimFormat?: string; prettyClaims?: unknown; presentation?: { verifiableCredential?: unknown }; verifiableCredential?: unknown };
      if (presentation.prettyClaims) return { format: presentation.claimFormat, claims: presentation.prettyClaims };
      const vcs = presentation.verifiableCredential ?? presentation.presentation?.verifiableCredential;
      const credentials = (Array.isArray(vcs) ? vcs : [vcs]).map((vc: unknown) => {
        const c = vc as { credential?: { credentialSubject?: unknown; type?: unknown }; credentialSubject?: unknown; type?: unknown };
        return { type: c?.credential?.type ?? c?.type, credentialSubject: JSON.parse(JSON.stringify(c?.credential?.credentialSubject ?? c?.credentialSubject ?? null)) as unknown };
      });
      return { format: presentation.claimFormat, credentials };
    });
  }
  return result;
}

// CREDO_PEER_LOG=debug|info|warn|error: Credo's own log on stderr (default off).
const logLevel = { debug: LogLevel.debug, info: LogLevel.info, warn: LogLevel.warn, error: LogLevel.error }[process.env.CREDO_PEER_LOG ?? ''] ?? LogLevel.off;
const peer = await startIssuerVerifier({ logLevel });
emit({ event: 'ready', origin: peer.origin, did: peer.did });

let closing = false;
async function close(): Promise<never> {
  if (!closing) {
    closing = true;
    await peer.close().catch((error: unknown) => console.error(error));
  }
  process.exit(0);
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'offer': {
      const offer = await peer.offer(CONFIGURATION[formatOf(command)], command.txCode ?? true, command.withStatus ?? false);
      return { offerUri: offer.offerUri, txCode: offer.txCode, sessionId: offer.sessionId };
    }
    case 'request': {
      const query = QUERY[formatOf(command)];
      const request = await peer.request(query, command.responseMode ?? 'direct_post', command.requestUriMethod ?? 'get');
      return { requestUri: request.requestUri, id: request.sessionId, queryId: query.credentials[0].id };
    }
    case 'status': {
      if (!command.id) throw Object.assign(new Error('status needs an id'), { code: 'usage' });
      const verification = await peer.verification(command.id);
      return { state: verification.state, ...(verification.error ? { error: verification.error } : {}), ...('presentations' in verification ? { presentations: summarise(verification.presentations) } : {}) };
    }
    case 'close':
      return close();
    default:
      throw Object.assign(new Error(`unknown command ${String(command.cmd)}`), { code: 'usage' });
  }
}

const pending = new Set<Promise<void>>();
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let command: Command;
  try {
    command = JSON.parse(line) as Command;
  } catch {
    emit({ event: 'reply', ok: false, error: { code: 'usage', message: 'not a JSON line' } });
    return;
  }
  const done = handle(command).then(
    (result) => emit({ event: 'reply', tag: command.tag, ok: true, result }),
    (error: unknown) => {
      const e = error as { code?: unknown; name?: string; message?: string };
      emit({ event: 'reply', tag: command.tag, ok: false, error: { code: typeof e?.code === 'string' ? e.code : (e?.name ?? 'error'), message: e?.message ?? String(error) } });
    },
  );
  pending.add(done);
  void done.finally(() => pending.delete(done));
});
// stdin ended (the test process went away): answer what is in flight, then stop.
lines.on('close', () => void Promise.allSettled([...pending]).then(close));
