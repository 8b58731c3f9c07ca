import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config/config.js';
import { decryptAead, deriveKey, encryptAead } from '../crypto/aead.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { Executor } from '../db/database.js';
import type { ModuleMigrations } from '../db/migrations.js';
import { loadSecretKey } from '../keys/secret-key-file.js';
import { badRequest, ProblemError } from '../problem/problem-error.js';
import type { AppEnv } from './app-env.js';
import { crashPoint } from './crash-points.js';

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
    {
      // Keys are now written only when their request commits, so no row is ever "pending"; the
      // ones an earlier version left behind by a crash would otherwise block retries for 24 h.
      id: '0002_no_pending_keys',
      statements: [`DELETE FROM idempotency_keys WHERE state = 'pending'`],
    },
  ],
};

/** `KEYS_DIR/idempotency.key`: seals the stored responses (they carry receipt secrets). */
export const IDEMPOTENCY_KEY_NAME = 'idempotency';

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const RETENTION_MS = 24 * 60 * 60 * 1000;
// What a retry must see as the first caller did: a no-store answer stays no-store, a download named.
const REPLAYED_HEADERS = ['content-type', 'location', 'retry-after', 'cache-control', 'content-disposition'];

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface KeyRow {
  fingerprint: string;
  state: 'pending' | 'done';
  response: string | null;
}

/** Deletes the keys and stored responses older than the retention period (24 h). */
export async function pruneIdempotencyKeys(db: Executor, now: number): Promise<void> {
  await db.execute({ sql: 'DELETE FROM idempotency_keys WHERE created_at < ?', args: [now - RETENTION_MS] });
}

/**
 * Idempotency-Key for POSTs, as Stripe does it: the first request with a key runs and its
 * successful response is stored; a retry with the same key and body gets that response again
 * (`Idempotent-Replayed: true`); the same key with another body is a 409.
 *
 * Exactly once under crashes: the request runs inside one write unit (db/write-unit.ts), and its
 * stored response commits in the same transaction as what it wrote, before the response is sent.
 * A crash before that commit leaves nothing (the retry runs afresh); a crash after it leaves
 * both (the retry gets the first answer, receipt secret included). A key row is written only by a
 * commit, so a dead process blocks no retry: `done` with the answer, or `pending` when a request
 * committed part of its work before an outside effect (`commitSoFar`, a payout's transfer) — its
 * retry runs again told that it resumes (`idempotencyResumed`). A retry while the first request still runs in this process is
 * a 409 with Retry-After, and two processes racing on one key are settled by the key's primary
 * key: the later commit rolls back and replays the earlier one.
 *
 * Keys are namespaced by caller, operation and path and looked up by a hash. The stored response
 * is encrypted with a key derived from the server's `idempotency.key` and the Idempotency-Key
 * itself, so the database alone (or the key file alone) reads no secret in it. An error response
 * stores nothing: errors change nothing worth replaying, and a stored 429 or 409 would be
 * replayed after its cause has gone; what an error response did write (a failed-login count)
 * still commits.
 */
export function idempotency(options: {
  operationId: string;
  match: 'body' | 'key';
  config: Pick<Config, 'keysDir' | 'env'>;
  /** The operation's body limit: a retry's unread upload is drained up to it, no further. */
  maxBodyBytes: number;
}): MiddlewareHandler<AppEnv> {
  const serverKey = loadSecretKey(options.config, IDEMPOTENCY_KEY_NAME);
  const running = new Set<string>();

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
    const sealingKey = deriveKey(serverKey, 'idempotency-response', namespace);
    // A JSON body is always fingerprinted; only a streamed body (multipart upload), which is
    // never buffered, matches on the key alone.
    const rawBody = c.get('rawBody');
    const fingerprint =
      rawBody !== undefined || options.match === 'body' ? sha256Hex(rawBody ?? '') : 'key-only';
    const now = clock.now().getTime();
    // A key older than the retention period is free again, whether or not pruning removed it yet.
    const findStored = async (executor: Executor = db): Promise<KeyRow | undefined> =>
      (
        await executor.execute({
          sql: `SELECT fingerprint, state, response FROM idempotency_keys
                WHERE lookup = ? AND created_at >= ?`,
          args: [lookup, now - RETENTION_MS],
        })
      ).rows[0] as unknown as KeyRow | undefined;

    const found = await findStored();
    const stored = found?.state === 'done' ? found : undefined;
    if (found && !stored && found.fingerprint !== fingerprint) throw keyReused();
    if (stored) {
      await drainStreamedBody(c.req.raw, rawBody, options.maxBodyBytes);
      return replay(stored, fingerprint, sealingKey, lookup);
    }
    if (running.has(lookup)) {
      await drainStreamedBody(c.req.raw, rawBody, options.maxBodyBytes);
      throw new ProblemError(409, {
        code: 'idempotency_in_progress',
        detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
        headers: { 'Retry-After': '1' },
      });
    }
    running.add(lookup);
    try {
      if (Math.random() < 0.01) await pruneIdempotencyKeys(db, now);
      const unit = db.openUnit();
      // Part of the work commits before an outside effect (a payout's transfer): the key then
      // says so, and a retry after a crash resumes instead of refusing a second run.
      unit.onCommitSoFar(async (tx) => {
        await tx.execute({
          sql: `INSERT INTO idempotency_keys (lookup, fingerprint, state, created_at) VALUES (?, ?, 'pending', ?)
                ON CONFLICT (lookup) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'pending',
                  response = NULL, created_at = excluded.created_at
                WHERE idempotency_keys.created_at < ? OR idempotency_keys.state <> 'done'`,
          args: [lookup, fingerprint, now, now - RETENTION_MS],
        });
      });
      if (found) c.set('idempotencyResumed', true);
      try {
        await db.within(unit, next);
      } catch (error) {
        await unit.finish();
        throw error;
      }
      const response = c.res;
      if (response.status >= 400) {
        await unit.finish();
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const answer: StoredResponse = {
        status: response.status,
        headers,
        body: await response.clone().text(),
      };
      const sealed = encryptAead(sealingKey, JSON.stringify(answer), lookup).toString('base64');
      let first: KeyRow | undefined;
      const recorded = await unit.finish(async (tx) => {
        crashPoint('idempotency.before-commit');
        const inserted = await tx.execute({
          sql: `INSERT INTO idempotency_keys (lookup, fingerprint, state, response, created_at)
                VALUES (?, ?, 'done', ?, ?)
                ON CONFLICT (lookup) DO UPDATE SET fingerprint = excluded.fingerprint,
                  state = 'done', response = excluded.response, created_at = excluded.created_at
                WHERE idempotency_keys.created_at < ? OR idempotency_keys.state <> 'done'`,
          args: [lookup, fingerprint, sealed, now, now - RETENTION_MS],
        });
        if (inserted.rowsAffected === 1) return true;
        const row = await findStored(tx);
        first = row?.state === 'done' ? row : undefined;
        return false;
      });
      crashPoint('idempotency.after-commit');
      if (!recorded && first) {
        // Another process committed this key first: this run rolled back, its answer stands.
        c.res = undefined;
        c.res = replay(first, fingerprint, sealingKey, lookup);
      }
    } finally {
      running.delete(lookup);
    }
  };
}

/**
 * Reads a streamed upload (a multipart retry) to its end before answering without it: a client
 * still sending when the server answers and closes gets a broken pipe instead of the answer, and
 * the retry's whole point is that answer. Past the operation's body limit it stops (the
 * connection then closes, as for any unread body).
 */
async function drainStreamedBody(
  request: Request,
  rawBody: string | undefined,
  limit: number,
): Promise<void> {
  if (rawBody !== undefined || !request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  let read = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done && read <= limit; chunk = await reader.read()) {
      read += chunk.value.byteLength;
    }
  } catch {
    // The client went away; nothing to answer.
  } finally {
    reader.releaseLock();
  }
}

function keyReused(): ProblemError {
  return new ProblemError(409, {
    code: 'idempotency_key_reused',
    detail: 'This Idempotency-Key was used with a different request body.',
  });
}

function replay(row: KeyRow, fingerprint: string, sealingKey: Buffer, lookup: string): Response {
  if (row.fingerprint !== fingerprint) throw keyReused();
  const stored = JSON.parse(
    decryptAead(sealingKey, Buffer.from(String(row.response), 'base64'), lookup).toString(),
  ) as StoredResponse;
  const headers = new Headers(stored.headers);
  headers.set('Idempotent-Replayed', 'true');
  return new Response(stored.body, { status: stored.status, headers });
}
