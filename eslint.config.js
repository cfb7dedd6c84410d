// Lint is part of `npm test`. Besides the usual rules it enforces the layer
// boundaries of docs/architecture.md §3: `src/core` is pure and imports nothing
// of ours outside `src/core`; edges import `core` and `platform`, never each other's
// internals except where listed below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);

/** Which top-level parts of src/ each part may import (besides itself). */
const allowed = {
  core: [],
  platform: ['core'],
  store: ['core', 'platform'],
  integrations: ['core', 'platform', 'store'],
  jobs: ['core', 'platform', 'store', 'integrations'],
  wallet: ['core', 'platform'],
  gateway: ['core', 'platform', 'store', 'integrations', 'jobs'],
  portals: ['core', 'platform', 'store', 'integrations', 'jobs', 'gateway'],
  cli: ['core', 'platform', 'store', 'integrations', 'jobs', 'gateway', 'portals', 'wallet', 'app', 'external-demo'],
  app: ['core', 'platform', 'store', 'integrations', 'jobs', 'gateway', 'portals', 'wallet', 'external-demo'],
  // The example external system is another organisation's: it knows Open DSP only through the
  // gateway's public HTTP interface (D36), so of ours it uses the platform and the credential
  // catalogue's published surface (narrowed further below).
  'external-demo': ['core', 'platform'],
};

function partOf(file) {
  const rel = path.relative(path.join(root, 'src'), file);
  if (rel.startsWith('..')) return undefined;
  const first = rel.split(path.sep)[0];
  return first.replace(/\.ts$/, '');
}

const layers = {
  rules: {
    'import-direction': {
      meta: { type: 'problem', messages: { banned: "'{{from}}' may not import from '{{to}}' (docs/architecture.md §3)" } },
      create(context) {
        const from = partOf(context.filename);
        if (!from) return {};
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const to = partOf(path.resolve(path.dirname(context.filename), spec));
          if (!to || to === from) return;
          if (!(allowed[from] ?? []).includes(to)) context.report({ node, messageId: 'banned', data: { from, to } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.dsp/**', 'src/portals/views/vendor/**', 'public/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { layers },
    rules: {
      'layers/import-direction': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      // Only the composition root and the CLI read the environment; everything else is handed config.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration from the parsed Config' }],
    },
  },
  {
    // The core is pure: clock, randomness, environment and network arrive as arguments.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'fetch', message: 'core does no I/O: take a fetch function as an argument' },
        { name: 'process', message: 'core reads no environment: take configuration as an argument' },
        { name: 'setTimeout', message: 'core has no timers' }],
      'no-restricted-properties': ['error',
        { object: 'process', property: 'env', message: 'core reads no environment' },
        { object: 'Date', property: 'now', message: 'core has no clock: take `now` as an argument' },
        { object: 'Math', property: 'random', message: 'core has no randomness: take it as an argument' },
        { object: 'crypto', property: 'randomUUID', message: 'core has no randomness: take it as an argument' }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core has no clock: take `now` as an argument' }],
      'no-restricted-imports': ['error', { paths: [
        { name: 'node:fs', message: 'core does no I/O' }, { name: 'node:net', message: 'core does no I/O' },
        { name: 'node:http', message: 'core does no I/O' }, { name: 'pg', message: 'core does no I/O' },
        { name: '@electric-sql/pglite', message: 'core does no I/O' }] }],
    },
  },
  {
    // Of the core, the example external system may use only the credential catalogue's public
    // surface (type names, field labels, the CSTF list): no domain, protocol or store internals.
    files: ['src/external-demo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{
        regex: '(^|/)core/(?!credentials/index\\.ts$)',
        message: 'the example external system knows Open DSP only through its public interface: import the catalogue from core/credentials/index.ts (D36)',
      }] }],
    },
  },
  {
    // Scripts served to browsers.
    files: ['src/portals/views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/platform/config.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
