// Command line for the Credo holder peer (holder.ts), for tests that run it as a child process:
//
//   node --import <root>/node_modules/tsx/dist/loader.mjs test-peers/credo/holder-cli.ts <command> …
//
//   receive <openid-credential-offer://…> --store <file> [--tx-code <code>] [--config <id>]… [--binding auto|jwk|did:jwk|did:key]
//   present <openid4vp://…> --store <file>
//   list --store <file>
//
// stdout carries exactly one line of JSON: {"ok":true,"result":…} or
// {"ok":false,"error":{"code","message","details"}}. Exit status 0 on success, 1 on a protocol
// or wallet failure, 2 on a usage error. Anything Credo prints goes to stderr.
import { parseArgs } from 'node:util';
import { LogLevel } from '@credo-ts/core';
import { CredoHolder, HolderError, type BindingChoice } from './holder.ts';

const out = process.stdout.write.bind(process.stdout);
// Keep stdout for the one JSON line.
console.log = console.info = console.debug = console.warn = (...args: unknown[]) => console.error(...args);

function reply(value: unknown, status: number): never {
  out(`${JSON.stringify(value)}\n`);
  process.exit(status);
}

function errorInfo(error: unknown) {
  if (error instanceof HolderError) return { code: error.code, message: error.message, details: error.details };
  const e = error as { name?: string; message?: string; cause?: unknown; errorResponse?: unknown; response?: { status?: number } };
  return {
    code: e?.name && e.name !== 'Error' ? e.name : ((error as object)?.constructor?.name ?? 'error'),
    message: e?.message ?? String(error),
    details: {
      ...(e?.errorResponse ? { errorResponse: e.errorResponse } : {}),
      ...(e?.response?.status ? { httpStatus: e.response.status } : {}),
      ...(e?.cause ? { cause: String((e.cause as Error)?.message ?? e.cause) } : {}),
    },
  };
}

const USAGE = 'usage: holder-cli.ts receive <offer-uri> --store <file> [--tx-code <code>] [--config <id>]… [--binding auto|jwk|did:jwk|did:key]\n' +
  '       holder-cli.ts present <request-uri> --store <file>\n' +
  '       holder-cli.ts list --store <file>';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      store: { type: 'string' },
      'tx-code': { type: 'string' },
      config: { type: 'string', multiple: true },
      binding: { type: 'string', default: 'auto' },
      verbose: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  reply({ ok: false, error: { code: 'usage', message: `${(error as Error).message}\n${USAGE}` } }, 2);
}
const [command, target] = parsed.positionals;
const { store, binding, verbose } = parsed.values;
if (!store) reply({ ok: false, error: { code: 'usage', message: `--store is required\n${USAGE}` } }, 2);
if (!['auto', 'jwk', 'did:jwk', 'did:key'].includes(binding)) reply({ ok: false, error: { code: 'usage', message: `bad --binding ${binding}` } }, 2);
if ((command === 'receive' || command === 'present') && !target) reply({ ok: false, error: { code: 'usage', message: USAGE } }, 2);

const holder = await CredoHolder.open({ storeFile: store, binding: binding as BindingChoice, logLevel: verbose ? LogLevel.debug : LogLevel.off });
try {
  let result: unknown;
  switch (command) {
    case 'receive':
      result = await holder.receive(target!, {
        ...(parsed.values['tx-code'] === undefined ? {} : { txCode: parsed.values['tx-code'] }),
        ...(parsed.values.config ? { credentialConfigurationIds: parsed.values.config } : {}),
      });
      break;
    case 'present':
      result = await holder.present(target!);
      break;
    case 'list':
      result = await holder.list();
      break;
    default:
      await holder.close();
      reply({ ok: false, error: { code: 'usage', message: USAGE } }, 2);
  }
  await holder.close();
  reply({ ok: true, result }, 0);
} catch (error) {
  if (verbose) console.error(error);
  await holder.close().catch(() => undefined);
  reply({ ok: false, error: errorInfo(error) }, 1);
}
