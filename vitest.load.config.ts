import { defineConfig } from 'vitest/config';

/**
 * The load test (npm run test:load): real bot processes under a burst. Too slow for every
 * `npm test`, so it has its own configuration; .ci/run runs it and counts it with the rest.
 */
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    include: ['test/load/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
