import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The pack-and-install test builds a tarball and installs it: CI runs it in `npm run test:long`.
    exclude: ['**/node_modules/**', ...(process.env['AON_TEST_LONG'] === '1' ? [] : ['test/pack/**'])],
    // Property campaigns are CPU-bound; two forks match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
