import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Once per run: the compiled app for the tests that run it as a process, and PGlite snapshots.
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/each-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each worker holds a PGlite (WASM) instance; two workers fit the 2-core machines well.
    maxWorkers: 2,
  },
});
