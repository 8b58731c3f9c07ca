import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['e2e/**/*.test.ts', 'support/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser tests and servers share 2 cores in CI; files run one at a time.
    fileParallelism: false,
  },
});
