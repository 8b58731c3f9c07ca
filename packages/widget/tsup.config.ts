import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'tsup';

/** The host script must stay small: it runs on every partner page that embeds the widget. */
const HOST_SCRIPT = 'dist/ezhili-widget.min.js';
const HOST_SCRIPT_GZIP_BUDGET = 5 * 1024;

async function reportHostScriptSize() {
  const source = readFileSync(HOST_SCRIPT);
  const gzipped = gzipSync(source, { level: 9 }).length;
  console.log(
    `@ezhili/widget host script ${HOST_SCRIPT}: ${source.length} B, ${gzipped} B gzipped (budget ${HOST_SCRIPT_GZIP_BUDGET} B)`,
  );
  if (gzipped > HOST_SCRIPT_GZIP_BUDGET) throw new Error('The host script is over its gzipped size budget.');
}

export default defineConfig([
  // `import { mount } from '@ezhili/widget'` for bundlers.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
  },
  // The `<script>`-tag build (IIFE, `window.Ezhili`), also served by the server at /embed/widget.js.
  {
    entry: { 'ezhili-widget.min': 'src/host/script-tag.ts' },
    format: ['iife'],
    outExtension: () => ({ js: '.js' }),
    platform: 'browser',
    target: 'es2020',
    minify: true,
    onSuccess: reportHostScriptSize,
  },
  // The form inside the iframe: one script and one stylesheet, served by the regulator's server
  // from these built files (see docs/widget.md).
  {
    entry: { 'embed/embed': 'src/embed/main.ts' },
    format: ['iife'],
    outExtension: () => ({ js: '.js' }),
    platform: 'browser',
    target: 'es2020',
    minify: true,
  },
  {
    entry: { 'embed/embed': 'src/embed/embed.css' },
    minify: true,
  },
]);
