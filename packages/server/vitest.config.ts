import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.mjs';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/end-shared-exiftool.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A poll waits for a server or a child process on 2 busy cores: vitest's 1 s default flakes.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
