import type { Executor } from '../db/database.js';
import { countIn, type IdSet } from '../db/id-set.js';

/** What deleting evidence removed: its rows, and the store keys of its blobs (to delete after commit). */
export interface EvidenceDeletion {
  count: number;
  blobKeys: string[];
}

/** The cases with a sealed original not yet destroyed. */
export const casesWithOriginals = (): IdSet => ({
  sql: 'SELECT case_id FROM evidence WHERE original_deleted_at IS NULL',
  args: [],
});

/** The cases with evidence files. */
export const casesWithEvidence = (): IdSet => ({ sql: 'SELECT case_id FROM evidence', args: [] });

/** Sealed originals of the cases not yet destroyed (the retention preview). */
export const countEvidenceOriginals = (executor: Executor, cases: IdSet) =>
  countIn(
    executor,
    `SELECT count(*) AS n FROM evidence WHERE case_id IN (${cases.sql}) AND original_deleted_at IS NULL`,
    cases,
  );

/** Evidence files of the cases (the retention preview). */
export const countEvidence = (executor: Executor, cases: IdSet) =>
  countIn(executor, `SELECT count(*) AS n FROM evidence WHERE case_id IN (${cases.sql})`, cases);

/**
 * Destroys the sealed originals of the cases' evidence: the blob's key is handed back for removal
 * and the sealed content key is erased, so even a surviving copy of the blob cannot be opened.
 * The stripped copy and the original's hash stay (the hash proves integrity, it reveals nothing).
 */
export async function deleteEvidenceOriginals(
  tx: Executor,
  cases: IdSet,
  at: Date,
): Promise<EvidenceDeletion> {
  const keys = (
    await tx.execute({
      sql: `SELECT original_storage_key AS k FROM evidence WHERE case_id IN (${cases.sql}) AND original_deleted_at IS NULL`,
      args: cases.args,
    })
  ).rows.map((row) => String(row.k));
  if (keys.length === 0) return { count: 0, blobKeys: [] };
  await tx.execute({
    sql: `UPDATE evidence SET original_deleted_at = ?, original_sealed_key = '', original_storage_key = ''
          WHERE case_id IN (${cases.sql}) AND original_deleted_at IS NULL`,
    args: [at.toISOString(), ...cases.args],
  });
  return { count: keys.length, blobKeys: keys };
}

/**
 * Deletes the cases' evidence files whole: the rows of the files and of their photo redactions,
 * and (handed back) every blob: the stripped copy, the original if still there, each redacted
 * version and each redaction's base.
 */
export async function deleteEvidence(tx: Executor, cases: IdSet): Promise<EvidenceDeletion> {
  const files = (
    await tx.execute({
      sql: `SELECT storage_key, original_storage_key FROM evidence WHERE case_id IN (${cases.sql})`,
      args: cases.args,
    })
  ).rows;
  if (files.length === 0) return { count: 0, blobKeys: [] };
  const redactions = (
    await tx.execute({
      sql: `SELECT storage_key, base_storage_key FROM evidence_redactions WHERE case_id IN (${cases.sql})`,
      args: cases.args,
    })
  ).rows;
  const keys = new Set<string>();
  for (const row of files) keys.add(String(row.storage_key)).add(String(row.original_storage_key));
  for (const row of redactions) keys.add(String(row.storage_key)).add(String(row.base_storage_key));
  keys.delete('');
  await tx.execute({
    sql: `DELETE FROM evidence_redactions WHERE case_id IN (${cases.sql})`,
    args: cases.args,
  });
  await tx.execute({ sql: `DELETE FROM evidence WHERE case_id IN (${cases.sql})`, args: cases.args });
  return { count: files.length, blobKeys: [...keys] };
}
