import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

let resolvedLibsql: { path: string | undefined } | undefined;

/**
 * The `libsql` module that @libsql/client itself loads, so child processes run the very same
 * SQLite build as the server's connection (one WAL-index layout and locking scheme on the file).
 * Undefined when it cannot be found. Resolved once.
 */
export function libsqlModulePath(): string | undefined {
  if (!resolvedLibsql) {
    try {
      const here = createRequire(import.meta.url);
      resolvedLibsql = { path: createRequire(here.resolve('@libsql/client')).resolve('libsql') };
    } catch {
      resolvedLibsql = { path: undefined };
    }
  }
  return resolvedLibsql.path;
}

/** A file URI for SQLite, with the characters that URIs reserve escaped. */
export function readOnlyUri(path: string): string {
  return `${pathToFileURL(path).href}?mode=ro`;
}

/** Environment variables a database child process keeps: where temporary files go. Nothing else. */
export function childProcessEnv(): Record<string, string> {
  return Object.fromEntries(
    ['TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT']
      .filter((name) => process.env[name])
      .map((name) => [name, process.env[name]!]),
  );
}
