import { fileURLToPath } from 'node:url';

/**
 * Workspace packages resolve to their TypeScript sources in tests and type checks, so a change
 * to the contract or the SDK is seen without rebuilding `dist` first.
 */
export const workspaceAliases = {
  '@ezhili/contract': fileURLToPath(new URL('./packages/contract/src/index.ts', import.meta.url)),
  '@ezhili/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
  '@ezhili/server': fileURLToPath(new URL('./packages/server/src/index.ts', import.meta.url)),
  '@ezhili/widget': fileURLToPath(new URL('./packages/widget/src/index.ts', import.meta.url)),
};
