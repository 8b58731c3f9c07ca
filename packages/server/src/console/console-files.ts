import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';

/** A built file of the console, in memory. */
export interface ConsoleFile {
  body: Uint8Array;
  contentType: string;
  /** Under `assets/`: Vite puts a content hash in the name, so the file never changes. */
  immutable: boolean;
}

export interface ConsoleFiles {
  /** `index.html`, the document of every client route. */
  index: string;
  files: Map<string, ConsoleFile>;
}

/** The nonce placeholder in the console's index.html (`<meta name="csp-nonce" content="__CSP_NONCE__">`); each response gets its own. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where `@ezhili/console` keeps its build output (`packages/console/dist`); undefined when not installed. */
export function consoleDistDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@ezhili/console/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Reads the built console once (a few MB at most). The server serves it itself, so the pages can
 * keep a `'self'`-only policy and load nothing from elsewhere. Undefined when not built.
 */
export function loadConsoleFiles(distDir: string | undefined): ConsoleFiles | undefined {
  if (!distDir) return undefined;
  try {
    const index = readFileSync(join(distDir, 'index.html'), 'utf8');
    const files = new Map<string, ConsoleFile>();
    for (const path of walk(distDir)) {
      const name = relative(distDir, path).split(sep).join('/');
      if (name === 'index.html') continue;
      files.set(name, {
        body: readFileSync(path),
        contentType: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
        immutable: name.startsWith('assets/'),
      });
    }
    return { index, files };
  } catch {
    return undefined;
  }
}
