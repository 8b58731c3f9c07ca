import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../crypto/hashing.js';

/** A built file of `@ezhili/widget`, held in memory with a content hash for cache busting. */
export interface EmbedAsset {
  body: Uint8Array;
  contentType: string;
  /** First 16 hex digits of its SHA-256: the `?v=` of its URL, and its ETag. */
  version: string;
}

export interface EmbedAssets {
  /** The `<script>`-tag host script, served at `/embed/widget.js`. */
  hostScript: EmbedAsset;
  /** The form's script and stylesheet, served under `/embed/assets/`. */
  script: EmbedAsset;
  style: EmbedAsset;
}

const FILES = {
  hostScript: ['ezhili-widget.min.js', 'text/javascript; charset=utf-8'],
  script: ['embed/embed.js', 'text/javascript; charset=utf-8'],
  style: ['embed/embed.css', 'text/css; charset=utf-8'],
} as const;

/** Where `@ezhili/widget` keeps its build output (`packages/widget/dist` in the workspace). */
export function widgetDistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@ezhili/widget/package.json')), 'dist');
}

/**
 * Reads the widget's built files once. The server serves them itself (rather than a CDN) so the
 * embed pages can keep `script-src 'self'` and load nothing from a third party. Returns
 * undefined when the widget has not been built (`npm run build -w @ezhili/widget`).
 */
export function loadEmbedAssets(distDir = widgetDistDir()): EmbedAssets | undefined {
  try {
    const load = ([file, contentType]: readonly [string, string]): EmbedAsset => {
      const body = readFileSync(join(distDir, file));
      return { body, contentType, version: sha256Hex(body).slice(0, 16) };
    };
    return {
      hostScript: load(FILES.hostScript),
      script: load(FILES.script),
      style: load(FILES.style),
    };
  } catch {
    return undefined;
  }
}
