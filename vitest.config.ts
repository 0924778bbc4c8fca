import { availableParallelism } from 'node:os';
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
    // At least two files at a time, also on two cores (vitest's default there is one): the slow files mostly
    // wait on real processes (Redis killed and restarted, platform fakes, timeouts), not on the CPU. The whole
    // suite took 7.5 min that way on the 2-core CI machine, against 17.5 min one file at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
