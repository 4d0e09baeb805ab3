// @ts-check
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.tools/**',
      'coverage/**',
      'scripts/bootstrap.js',
      'jest.config.js',
      'eslint.config.mjs',
      'test/support/summary-reporter.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // everywhere: a promise must be awaited, returned, or explicitly voided
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no NestJS, TypeORM or
    // pg, no activity implementations, no wall-clock time or randomness.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code must not use Node built-ins.',
          })),
          patterns: [
            { group: ['@nestjs/*'], message: 'Workflow code must not import NestJS.' },
            {
              group: ['typeorm', 'typeorm/*', 'pg', 'pg-*', '@nestjs/typeorm'],
              message: 'Workflow code must not touch the database.',
            },
            {
              group: [
                '@temporalio/worker',
                '@temporalio/client',
                '@temporalio/activity',
                '@temporalio/testing',
              ],
              message: 'Workflows import only @temporalio/workflow and @temporalio/common.',
            },
            {
              group: [
                '**/libs/database/**',
                '**/libs/audit/**',
                '**/libs/cases/**',
                '**/libs/files/**',
                '**/libs/ledger/**',
                '**/libs/lifecycle/**',
                '**/libs/loans/**',
                '**/libs/notifications/**',
                '**/libs/policy/**',
                '**/libs/reassessment/**',
                '**/libs/tasks/**',
                '**/libs/security/**',
                '**/libs/infra/**',
                '**/libs/config/**',
                '**/apps/**',
              ],
              message: 'Workflow code must not import I/O code.',
            },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activity types only (import type).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Use workflow time (Temporal replaces Date in the sandbox; prefer sleep/condition).',
        },
        { object: 'Math', property: 'random', message: 'No randomness in workflow code.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'process', message: 'No process access in workflow code.' },
      ],
    },
  },
  {
    // Libraries sit below everything else: they never import workflows, activities or apps (the
    // workflow starts its own children; activities translate errors). docs/architecture.md.
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows', '**/workflows/**', '**/activities', '**/activities/**', '**/apps/**'],
              message: 'libs/ never imports workflows, activities or apps (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // Domain rules are plain functions: no framework, no I/O, so the API, the activities and the
    // workflows call the same function.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Domain rules do no I/O.' })),
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', '@temporalio/*'],
              message: 'Domain rules are plain functions without framework imports.',
            },
            {
              group: ['**/workflows', '**/workflows/**', '**/activities', '**/activities/**', '**/apps/**'],
              message: 'libs/ never imports workflows, activities or apps (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
