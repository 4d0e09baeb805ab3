/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['@swc/jest'] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/workflows.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/workflows.global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/support/e2e.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e.global-teardown.ts',
    },
    {
      // the web console in Debian's Chromium (playwright-core), served by a real TestStack API
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
      globalSetup: '<rootDir>/test/support/e2e.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e.global-teardown.ts',
    },
    // `npm run test:cluster` only (BANGFU_CLUSTER_TEST=1): the production-shape cluster, minutes long
    ...(process.env.BANGFU_CLUSTER_TEST === '1'
      ? [{ ...common, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.test.ts'] }]
      : []),
  ],
};
