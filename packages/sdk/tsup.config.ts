import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // Inline the contract's types so the published d.ts stands alone: @ezhili/contract is a
  // types-only, build-time dependency of the SDK. The workspace `paths` (contract sources) are
  // dropped here because tsup skips inlining anything a path alias matches; the contract's
  // built d.ts (turbo builds it first) is what gets inlined.
  dts: { resolve: ['@ezhili/contract'], compilerOptions: { paths: {} } },
  // ky is bundled: it is ESM-only with a default export, which the CommonJS build cannot
  // import reliably (require(esm) hands back the namespace), and it is small.
  noExternal: ['ky'],
  clean: true,
  // Browsers and Node 20 alike: nothing Node-specific in the output.
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
});
