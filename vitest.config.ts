import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report feeds the "N passed, M failed" line that .ci/run prints.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          // The deployment stack (infra/, its own dependencies: npm ci --prefix infra), synthesized offline.
          name: 'infra',
          include: ['infra/test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          // The harness's own tests (the fake Slack and the driver against a bare Bolt app) run here too.
          include: ['test/integration/**/*.test.ts', 'test/harness/**/*.test.ts'],
          // Starts DynamoDB Local once for the whole run and provides its endpoint to the tests.
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
