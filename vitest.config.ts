import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    // CLI tests spawn worker pools of their own; two test files at a time fill 2 cores.
    maxWorkers: 2,
  },
});
