import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  // No import cycles: the API reads top-down (routers → services → crud/realtime/db → models).
  {
    files: ['packages/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
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
