import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['e2e/**/*.test.ts', 'support/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A poll waits for a browser or a server on 2 busy cores: 1 s (vitest's default) is a flake.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    // Browser tests and servers share 2 cores in CI; files run one at a time.
    fileParallelism: false,
  },
});
