import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globals: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Redis- and socket-based tests start their own servers on free ports; files run in parallel
    // worker processes, tests inside a file run in order.
    sequence: { concurrent: false },
  },
});
