import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Schema } from '@ezhili/contract';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import type { AuditAnchor } from '../audit/audit-verifier.js';
import type { AppContext } from '../http/app-context.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { newId } from '../ids/ids.js';
import type { AuditingSettings } from './auditing-settings.js';

export type AuditCheckpoint = Schema<'AuditCheckpoint'>;
export type AuditVerificationMode = Schema<'AuditVerificationMode'>;

/** The JWS `typ` of a checkpoint, so no other signed document of the regulator passes for one. */
export const CHECKPOINT_TYP = 'ezhili-audit-checkpoint+jwt';

/** What a checkpoint's signature covers. */
export interface CheckpointClaims {
  seq: number;
  hash: string;
  createdAt: string;
  mode: AuditVerificationMode;
}

/** How much of the end of the checkpoint file is read to find its newest line. */
const FILE_TAIL_BYTES = 64 * 1024;

function rowToCheckpoint(row: Record<string, unknown>): AuditCheckpoint {
  return {
    id: String(row.id),
    seq: Number(row.seq),
    hash: String(row.hash),
    createdAt: String(row.created_at),
    mode: row.mode as AuditVerificationMode,
    jws: String(row.jws),
  };
}

export const checkpointAnchor = (claims: CheckpointClaims, where: string): AuditAnchor => ({
  seq: claims.seq,
  hash: claims.hash,
  label: `the checkpoint of ${claims.createdAt} (${where})`,
});

/**
 * Signed checkpoints of the audit chain's head (issue 15.7). Each is stored (the newest one
 * starts incremental verifications) and exported: appended to the checkpoint file and posted to
 * the checkpoint webhook, where the database's administrators cannot rewrite it. A verification
 * then checks the chain still passes through the newest exported one, so a database rewritten
 * as a whole, or truncated with its head, is detected.
 */
export function createAuditCheckpoints(ctx: AppContext, settings: AuditingSettings) {
  const { db, keys, clock, logger } = ctx;

  /** The claims of a checkpoint this regulator signed (with a key still in its JWKS), else undefined. */
  async function verifyJws(jws: string): Promise<CheckpointClaims | undefined> {
    try {
      const { payload, protectedHeader } = await compactVerify(
        jws,
        createLocalJWKSet({ keys: keys.jwks().keys as JWK[] }),
        { algorithms: ['EdDSA'] },
      );
      if (protectedHeader.typ !== CHECKPOINT_TYP) return undefined;
      const claims = JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaims;
      if (!Number.isSafeInteger(claims.seq) || !/^[0-9a-f]{64}$/.test(claims.hash)) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  function exportCheckpoint(checkpoint: AuditCheckpoint): void {
    if (settings.checkpointFile) {
      try {
        mkdirSync(dirname(settings.checkpointFile), { recursive: true, mode: 0o700 });
        appendFileSync(settings.checkpointFile, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
      } catch (error) {
        logger.error('audit checkpoint not written to its file', { errorName: (error as Error).name });
      }
    }
    if (settings.checkpointWebhookUrl) {
      void fetch(settings.checkpointWebhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'audit.checkpoint', checkpoint }),
        signal: AbortSignal.timeout(10_000),
      })
        .then((response) => {
          if (!response.ok) logger.warn('audit checkpoint webhook refused', { status: response.status });
        })
        .catch((error: Error) => logger.warn('audit checkpoint webhook failed', { errorName: error.name }));
    }
  }

  /** The newest line of the checkpoint file that carries a valid signature. */
  function newestFileLines(): string[] {
    if (!settings.checkpointFile) return [];
    let fd: number;
    try {
      fd = openSync(settings.checkpointFile, 'r');
    } catch {
      return [];
    }
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, FILE_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').filter(Boolean).reverse();
    } finally {
      closeSync(fd);
    }
  }

  return {
    verifyJws,

    /** Signs the head a verification found intact, stores the checkpoint and exports it. */
    async sign(head: { seq: number; hash: string }, mode: AuditVerificationMode): Promise<AuditCheckpoint> {
      const now = clock.now();
      const claims: CheckpointClaims = { seq: head.seq, hash: head.hash, createdAt: now.toISOString(), mode };
      const checkpoint: AuditCheckpoint = {
        id: newId('ack', now),
        ...claims,
        jws: await keys.signJws({ ...claims }, CHECKPOINT_TYP),
      };
      await db.execute({
        sql: 'INSERT INTO audit_checkpoints (id, seq, hash, mode, created_at, jws) VALUES (?, ?, ?, ?, ?, ?)',
        args: [checkpoint.id, checkpoint.seq, checkpoint.hash, mode, checkpoint.createdAt, checkpoint.jws],
      });
      exportCheckpoint(checkpoint);
      return checkpoint;
    },

    /** The newest stored checkpoint with a valid signature: where an incremental run starts. */
    async latestStored(): Promise<(AuditCheckpoint & { anchor: AuditAnchor }) | undefined> {
      const rows = (
        await db.execute('SELECT * FROM audit_checkpoints ORDER BY seq DESC, created_at DESC LIMIT 20')
      ).rows;
      for (const row of rows) {
        const checkpoint = rowToCheckpoint(row);
        const claims = await verifyJws(checkpoint.jws);
        if (claims && claims.seq === checkpoint.seq && claims.hash === checkpoint.hash) {
          return { ...checkpoint, anchor: checkpointAnchor(claims, 'stored') };
        }
      }
      return undefined;
    },

    /** The newest signed checkpoint in the checkpoint file, the anchor outside the database. */
    async newestExported(): Promise<AuditAnchor | undefined> {
      for (const line of newestFileLines()) {
        let jws: unknown;
        try {
          jws = (JSON.parse(line) as { jws?: unknown }).jws;
        } catch {
          continue;
        }
        const claims = typeof jws === 'string' ? await verifyJws(jws) : undefined;
        if (claims) return checkpointAnchor(claims, settings.checkpointFile!);
      }
      return undefined;
    },

    /** When the newest checkpoint (of a mode) was signed, for the schedule. */
    async newestCreatedAt(mode?: AuditVerificationMode): Promise<string | undefined> {
      const row = (
        await db.execute({
          sql: `SELECT max(created_at) AS at FROM audit_checkpoints ${mode ? 'WHERE mode = ?' : ''}`,
          args: mode ? [mode] : [],
        })
      ).rows[0];
      return row?.at === null || row?.at === undefined ? undefined : String(row.at);
    },

    async list(query: { cursor?: string; limit?: number }) {
      const limit = query.limit ?? 50;
      const before = query.cursor ? decodeSeqCursor('audit_checkpoints', query.cursor) : null;
      const rows = (
        await db.execute({
          sql: `SELECT rowid AS position, * FROM audit_checkpoints ${before === null ? '' : 'WHERE rowid < ?'}
                ORDER BY rowid DESC LIMIT ?`,
          args: before === null ? [limit + 1] : [before, limit + 1],
        })
      ).rows;
      const page = rows.slice(0, limit);
      return {
        items: page.map(rowToCheckpoint),
        nextCursor: rows.length > limit ? encodeSeqCursor('audit_checkpoints', page.at(-1)!.position) : null,
      };
    },
  };
}

export type AuditCheckpoints = ReturnType<typeof createAuditCheckpoints>;
