// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Globals of the Node scripts (and of browser code run from them via page.evaluate). Listed here
// rather than taken from the `globals` package, which is not a direct dependency.
const nodeGlobals = Object.fromEntries(
  [
    'require',
    'module',
    'exports',
    'process',
    '__dirname',
    '__filename',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'fetch',
    'FormData',
    'Blob',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'performance',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'document',
    'window',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'coverage/**',
      '.angular/**',
      '.data/**',
      'test-results/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // External payloads (Jira, Feishu, S3) are untyped at the edges; narrowing them is reviewed, not banned.
      '@typescript-eslint/no-explicit-any': 'warn',
      // Nest modules and DTO classes are legitimately empty.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'smart'],
      // prom-client's collect() runs with `this` bound to the metric, so the owner is reached through `self`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
      // Stripping control characters from untrusted text is exactly what such patterns are for.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      // Test doubles and fixtures build deliberately loose objects.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Module boundaries: code in apps/api/src/<module>/ reaches another module only through that
  // module's index.ts (docs/architecture.md, "Module boundaries"). One pattern per folder depth, so
  // every module folder, new ones included, is covered without being listed.
  ...[1, 2, 3, 4, 5].map((depth) => ({
    files: [`apps/api/src/${Array(depth).fill('*').join('/')}.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${depth === 1 ? '\\./' : `(\\.\\./){${depth - 1}}`}[^./][^/]*/.+`,
              message:
                "Import another API module through its index.ts (e.g. '../users', not '../users/users.service'). " +
                'If what you need is not exported there, export it from that index.ts when it is part of the ' +
                "module's public surface, or ask the owning module's service instead.",
            },
          ],
        },
      ],
    },
  })),
  prettier,
);
