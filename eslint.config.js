import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Layers of packages/api/src, relative to it (see ARCHITECTURE.md). */
const API_KERNEL = ['./trpc.ts', './errors.ts', './env.ts', './logger.ts'];
const API_LOW_LAYERS = ['./crud', './realtime', './db', './core'];
const API_COMPOSITION = [
  './main.ts',
  './server.ts',
  './router.ts',
  './context.ts',
  './deps.ts',
  './bootstrap.ts',
  './migrate-keys.ts',
  './index.ts',
  './client.ts',
  './http-guards.ts',
  './jobs',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-types/**',
      '**/node_modules/**',
      '.cache/**',
      '.data/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  // Type-aware rules: a promise is awaited, handled or marked `void`; a switch over a union covers it all.
  {
    files: ['packages/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Files no tsconfig of the build lists (shared's tests and its vitest config).
          allowDefaultProject: ['packages/shared/src/*.test.ts', 'packages/shared/vitest.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  // No import cycles anywhere (the API's layer order is enforced below).
  {
    files: ['packages/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // The API reads top-down: composition (server, router, bootstrap…) → domains → crud → core → realtime → kernel
  // (trpc, errors, env, logger, db). A low layer that needs something of a domain gets it passed in.
  {
    files: ['packages/api/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: `${import.meta.dirname}/packages/api/src`,
          zones: [
            {
              target: [...API_LOW_LAYERS, ...API_KERNEL],
              from: './domains',
              message: 'Low layers know no domain: pass it in, or lift it into src/core.',
            },
            {
              target: ['./core', './realtime', './db', ...API_KERNEL],
              from: './crud',
              message: 'The CRUD factory sits above core, realtime and the kernel.',
            },
            {
              target: ['./realtime', './db', ...API_KERNEL],
              from: './core',
              message: 'core sits above realtime and the kernel.',
            },
            {
              target: ['./domains', ...API_LOW_LAYERS, ...API_KERNEL],
              from: API_COMPOSITION,
              message: 'Only the composition root (and tests) may import the composition root.',
            },
          ],
        },
      ],
    },
  },
  // Dependencies point one way: web → (types of) api → shared.
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@mas/api', '@mas/web', '@mas/db', 'mongoose', 'express', 'react'] },
      ],
    },
  },
  {
    files: ['packages/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@mas/web', '@mas/web/*'] }] },
  },
  {
    files: ['packages/api/src/**/*.ts'],
    ignores: ['packages/api/src/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings from env.ts (loadEnv).' },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@mas/api', message: 'Import only types from @mas/api.', allowTypeImports: true }],
          patterns: [
            {
              group: ['@mas/api/*', '@mas/db', 'mongoose', 'express'],
              message: 'The web app imports only types from the API.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
