import { Readable } from 'node:stream';
import type { Schema } from '@ezhili/contract';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { conflict } from '../problem/problem-error.js';
import { putEncrypted, readAll } from './evidence-blobs.js';
import type { EvidenceStore } from './evidence-store.js';
import { drawOpaqueBoxes, type RedactionBox } from './photo-redaction.js';

export type EvidenceRedaction = Schema<'EvidenceRedaction'>;

/** The cipher context of a redacted photo's blob: bound to the evidence file and the redaction. */
export const redactedContext = (evidenceId: string, redactionId: string) =>
  `ezhili evidence v1|${evidenceId}|redacted|${redactionId}`;

export interface RedactionInput {
  regions: RedactionBox[];
  reason: string;
  staffId: string;
}

interface CurrentVersion {
  row: Record<string, unknown>;
  stream: Readable;
}

function toRedaction(row: Record<string, unknown>): EvidenceRedaction {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    evidenceId: String(row.evidence_id),
    version: Number(row.version),
    regions: JSON.parse(String(row.regions)) as RedactionBox[],
    reason: String(row.reason),
    contentType: String(row.content_type),
    size: Number(row.size),
    sha256: String(row.sha256),
    redactedBy: String(row.redacted_by),
    createdAt: String(row.created_at),
  };
}

/**
 * Redacts the version of a photo everyone receives now (the stripped copy, or the last redaction):
 * draws the boxes, stores the result encrypted, and in one transaction points the evidence row at
 * it, records the redaction and audits it. A concurrent redaction of the same file loses with a
 * 409 rather than silently dropping the other's boxes. The previous redacted blob is deleted once
 * replaced; the first base (the stripped copy) stays, encrypted, served to nobody.
 */
export async function redactPhoto(
  ctx: AppContext,
  store: EvidenceStore,
  fileKey: () => Uint8Array,
  current: CurrentVersion,
  input: RedactionInput,
): Promise<EvidenceRedaction> {
  const { row } = current;
  const evidenceId = String(row.id);
  if (row.kind !== 'photo') {
    current.stream.destroy();
    throw conflict('evidence_not_redactable', 'Only photos can be redacted; this evidence file is a video.');
  }
  const drawn = await drawOpaqueBoxes(await readAll(current.stream), String(row.content_type), input.regions);
  const now = ctx.clock.now();
  const id = newId('red', now);
  const storageKey = `redacted/${id}`;
  const stored = await putEncrypted(
    store,
    storageKey,
    Readable.from([drawn.data]),
    fileKey(),
    redactedContext(evidenceId, id),
  );
  const previous = textOrNull(row.redaction_id);
  try {
    await ctx.db.transaction(async (tx) => {
      const updated = await tx.execute({
        sql: `UPDATE evidence SET content_type = ?, size = ?, sha256 = ?, storage_key = ?, redaction_id = ?
              WHERE id = ? AND redaction_id IS ?`,
        args: [drawn.contentType, stored.size, stored.sha256, storageKey, id, evidenceId, previous],
      });
      if (updated.rowsAffected !== 1) {
        throw conflict(
          'evidence_changed',
          'The photo was redacted by someone else meanwhile; look again and retry.',
        );
      }
      const version =
        Number(
          (
            await tx.execute({
              sql: 'SELECT count(*) AS n FROM evidence_redactions WHERE evidence_id = ?',
              args: [evidenceId],
            })
          ).rows[0]?.n ?? 0,
        ) + 1;
      await tx.execute({
        sql: `INSERT INTO evidence_redactions (id, evidence_id, case_id, version, regions, reason, content_type, size,
                sha256, storage_key, base_storage_key, redacted_by, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          id,
          evidenceId,
          String(row.case_id),
          version,
          JSON.stringify(input.regions),
          input.reason,
          drawn.contentType,
          stored.size,
          stored.sha256,
          storageKey,
          String(row.storage_key),
          input.staffId,
          now.toISOString(),
        ],
      });
      await ctx.audit.appendWithin(tx, {
        actor: { type: 'staff', id: input.staffId },
        action: 'evidence.redacted',
        subject: { type: 'evidence', id: evidenceId },
        details: {
          caseId: String(row.case_id),
          redactionId: id,
          version,
          regions: input.regions.length,
          reason: input.reason,
          sha256: stored.sha256,
          baseSha256: String(row.sha256),
        },
      });
    });
  } catch (error) {
    await store.delete(storageKey).catch(() => undefined);
    throw error;
  }
  // The replaced redacted version is derivable from the base and the recorded boxes: not kept.
  if (previous !== null) await store.delete(String(row.storage_key)).catch(() => undefined);
  return getRedaction(ctx, id);
}

async function getRedaction(ctx: AppContext, id: string): Promise<EvidenceRedaction> {
  const row = (await ctx.db.execute({ sql: 'SELECT * FROM evidence_redactions WHERE id = ?', args: [id] }))
    .rows[0];
  return toRedaction(row!);
}

/** The photo redactions of a case, oldest first (for the case view). */
export async function listCaseEvidenceRedactions(
  executor: Pick<AppContext['db'], 'execute'>,
  caseId: string,
): Promise<EvidenceRedaction[]> {
  const rows = await executor.execute({
    sql: 'SELECT * FROM evidence_redactions WHERE case_id = ? ORDER BY created_at, id',
    args: [caseId],
  });
  return rows.rows.map((row) => toRedaction(row));
}
