// The web wallet's JavaScript, bundled by esbuild from ./client/main.ts when the app first
// needs it and kept in memory (no build step a fresh clone must run: `npm start` just works).
//
// The holder library and the core it uses are shared with the CLI and the gateway. Where they
// reach for Node, the bundle substitutes (see ./shims): `node:crypto` → SHA-256 from
// @noble/hashes and loud failures for everything else; `Buffer` → a small base64url/UTF-8
// stand-in; `@sd-jwt/crypto-nodejs` → its `digest`; the core's one signature-check step →
// WebCrypto; `node:zlib` → pako's inflate. And the core's JSON Schema validators, which ajv
// compiles with `new Function` (forbidden by the CSP), are generated ahead of time as ajv
// standalone code from the same schemas and options.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { _ } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { createSubjectAjv, subjectSchemas } from '../../core/credentials/subject-validators.ts';

// CommonJS under NodeNext: the function arrives as `.default`.
const standaloneCode = standaloneCodeModule.default;

const here = path.dirname(fileURLToPath(import.meta.url));
const shim = (name: string) => path.join(here, 'shims', name);

export interface WalletBundle {
  js: string;
  /** A strong ETag over the bundle. */
  etag: string;
}

const nodeShims: esbuild.Plugin = {
  name: 'wallet-node-shims',
  setup(build) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: shim('node-crypto.ts') }));
    build.onResolve({ filter: /^(node:)?zlib$/ }, () => ({ path: shim('node-zlib.ts') }));
    build.onResolve({ filter: /^@sd-jwt\/crypto-nodejs$/ }, () => ({ path: shim('sd-jwt-crypto.ts') }));
    build.onResolve({ filter: /\/check-signature\.ts$/ }, (args) =>
      args.importer.includes(`${path.sep}core${path.sep}credentials${path.sep}formats${path.sep}`) ? { path: shim('check-signature.ts') } : undefined,
    );
    build.onResolve({ filter: /\/subject-validators\.ts$/ }, (args) =>
      args.importer.includes(`${path.sep}core${path.sep}credentials${path.sep}`) ? { path: 'subject-validators', namespace: 'wallet-generated' } : undefined,
    );
    build.onLoad({ filter: /^subject-validators$/, namespace: 'wallet-generated' }, () => ({ contents: standaloneSubjectValidators(), loader: 'js', resolveDir: here }));
    // Anything else from Node is a mistake in what the wallet imports: fail the build.
    build.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} is not available in the web wallet (imported by ${args.importer})` }] }));
  },
};

/** The catalogue's validators as an ES module of ajv standalone code (no eval at run time). */
function standaloneSubjectValidators(): string {
  const ajv = createSubjectAjv({ code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  const schemas = subjectSchemas();
  const exportName = (key: string) => key.replace(':', '_');
  for (const [, schema] of schemas) ajv.addSchema(schema);
  const code = standaloneCode(ajv, Object.fromEntries(schemas.map(([key, schema]) => [exportName(key), String(schema.$id)])));
  return `${code}\nexport const subjectValidators = new Map([${schemas.map(([key]) => `[${JSON.stringify(key)}, ${exportName(key)}]`).join(', ')}]);\n`;
}

export async function buildWalletBundle(options: { minify?: boolean } = {}): Promise<WalletBundle> {
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'client', 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    write: false,
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    inject: [shim('buffer.ts')],
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [nodeShims],
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]!.text;
  return { js, etag: `"${createHash('sha256').update(js).digest('base64url').slice(0, 27)}"` };
}

let cached: Promise<WalletBundle> | undefined;

/** The bundle, built once per process (concurrent first requests share the build). */
export function walletBundle(): Promise<WalletBundle> {
  cached ??= buildWalletBundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
