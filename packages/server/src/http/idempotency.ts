import type { MiddlewareHandler } from 'hono';
import { decryptAead, deriveKey, encryptAead } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { ModuleMigrations } from '../db/migrations.js';
import { badRequest, ProblemError } from '../problem/problem-error.js';
import type { AppEnv } from './app-env.js';

export const idempotencyMigrations: ModuleMigrations = {
  module: 'idempotency',
  migrations: [
    {
      id: '0001_idempotency_keys',
      statements: [
        `CREATE TABLE idempotency_keys (
          lookup TEXT PRIMARY KEY,
          fingerprint TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
          response TEXT,
          created_at INTEGER NOT NULL
        )`,
        'CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)',
      ],
    },
  ],
};

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const RETENTION_MS = 24 * 60 * 60 * 1000;
// What a retry must see as the first caller did: a no-store answer stays no-store, a download named.
const REPLAYED_HEADERS = ['content-type', 'location', 'retry-after', 'cache-control', 'content-disposition'];

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Idempotency-Key for POSTs, as Stripe does it: the first request with a key runs and its
 * successful response is stored; a retry with the same key and body gets that
 * response again (`Idempotent-Replayed: true`); the same key with another body is a 409.
 *
 * Keys are namespaced by caller, operation and path. The stored response is encrypted with a
 * key derived from the Idempotency-Key itself and looked up by its hash, so responses that
 * carry secrets (a receipt secret, a session token) are unreadable from the database alone.
 * A request still running holds its key (`409 idempotency_in_progress`). An error response
 * releases the key: errors change nothing, so running the request again is safe, and a stored
 * 429 or 409 would otherwise be replayed after its cause has gone.
 */
export function idempotency(options: {
  operationId: string;
  match: 'body' | 'key';
}): MiddlewareHandler<AppEnv> {
  return async function idempotencyKey(c, next) {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw badRequest(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1–255 printable ASCII characters.',
      );
    }
    const { db, clock } = c.get('ctx');
    const namespace = `${c.get('principal')}\n${options.operationId}\n${c.req.path}\n${key}`;
    const lookup = sha256Hex(`lookup\n${namespace}`);
    // A JSON body is always fingerprinted; only a streamed body (multipart upload), which is
    // never buffered, matches on the key alone.
    const rawBody = c.get('rawBody');
    const fingerprint =
      rawBody !== undefined || options.match === 'body' ? sha256Hex(rawBody ?? '') : 'key-only';
    const now = clock.now().getTime();

    if (Math.random() < 0.01) {
      await db.execute({
        sql: 'DELETE FROM idempotency_keys WHERE created_at < ?',
        args: [now - RETENTION_MS],
      });
    }
    // A key older than the retention period is free again, whether or not pruning removed it yet.
    const claimed = await db.execute({
      sql: `INSERT INTO idempotency_keys (lookup, fingerprint, state, created_at) VALUES (?, ?, 'pending', ?)
            ON CONFLICT (lookup) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'pending',
              response = NULL, created_at = excluded.created_at
            WHERE idempotency_keys.created_at < ?`,
      args: [lookup, fingerprint, now, now - RETENTION_MS],
    });
    if (claimed.rowsAffected === 0) {
      const row = (
        await db.execute({
          sql: 'SELECT fingerprint, state, response FROM idempotency_keys WHERE lookup = ?',
          args: [lookup],
        })
      ).rows[0];
      if (row && row.fingerprint !== fingerprint) {
        throw new ProblemError(409, {
          code: 'idempotency_key_reused',
          detail: 'This Idempotency-Key was used with a different request body.',
        });
      }
      if (!row || row.state === 'pending') {
        throw new ProblemError(409, {
          code: 'idempotency_in_progress',
          detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
          headers: { 'Retry-After': '1' },
        });
      }
      const stored = JSON.parse(
        decryptAead(
          deriveKey(key, 'idempotency-response', namespace),
          Buffer.from(String(row.response), 'base64'),
          lookup,
        ).toString(),
      ) as StoredResponse;
      const headers = new Headers(stored.headers);
      headers.set('Idempotent-Replayed', 'true');
      return new Response(stored.body, { status: stored.status, headers });
    }

    try {
      await next();
    } catch (error) {
      await db.execute({ sql: 'DELETE FROM idempotency_keys WHERE lookup = ?', args: [lookup] });
      throw error;
    }
    const response = c.res;
    if (response.status >= 400) {
      await db.execute({ sql: 'DELETE FROM idempotency_keys WHERE lookup = ?', args: [lookup] });
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const stored: StoredResponse = { status: response.status, headers, body: await response.clone().text() };
    const sealed = encryptAead(
      deriveKey(key, 'idempotency-response', namespace),
      JSON.stringify(stored),
      lookup,
    );
    await db.execute({
      sql: `UPDATE idempotency_keys SET state = 'done', response = ? WHERE lookup = ?`,
      args: [sealed.toString('base64'), lookup],
    });
  };
}
