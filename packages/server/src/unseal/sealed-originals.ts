import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Schema } from '@ezhili/contract';
import type { SealedBox } from '../crypto/sealed-box.js';
import type { Executor } from '../db/database.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import { conflict, notFound } from '../problem/problem-error.js';
import { findTextRedaction, openTextOriginal } from '../redaction/text-redaction.js';

export type UnsealTarget = Schema<'UnsealTarget'>;
export type TargetType = UnsealTarget['type'];

/** An opened original, streamed once to the requester. */
export interface OpenedOriginal {
  contentType: string;
  sha256: string;
  size: number;
  stream: Readable;
}

/** The target as stored: its type and the id of the evidence file or text redaction. */
export function targetRecord(target: UnsealTarget | undefined): { type: TargetType; id: string | null } {
  if (!target || target.type === 'identity') return { type: 'identity', id: null };
  const id = target.type === 'evidence_original' ? target.evidenceId : target.redactionId;
  if (!id) {
    throw notFound(
      target.type === 'evidence_original'
        ? 'An evidence_original target names its evidenceId.'
        : 'A text_original target names its redactionId.',
      'original_not_found',
    );
  }
  return { type: target.type, id };
}

export function targetView(type: TargetType, id: string | null): UnsealTarget {
  if (type === 'evidence_original') return { type, evidenceId: id! };
  if (type === 'text_original') return { type, redactionId: id! };
  return { type };
}

/** Checks that the original named belongs to the case (a 404 otherwise, as for a case outside reach). */
export async function checkOriginalOfCase(
  executor: Executor,
  caseId: string,
  target: { type: TargetType; id: string | null },
): Promise<void> {
  if (target.type === 'identity') return;
  const found =
    target.type === 'evidence_original'
      ? (
          await executor.execute({
            sql: 'SELECT 1 FROM evidence WHERE id = ? AND case_id = ?',
            args: [target.id, caseId],
          })
        ).rows.length > 0
      : (await findTextRedaction(executor, target.id!))?.caseId === caseId;
  if (!found) throw notFound('The case has no such sealed original.', 'original_not_found');
}

/** The key id an original was sealed to, to refuse shares of another audit key before anything is claimed. */
export async function sealedKid(
  executor: Executor,
  target: { type: TargetType; id: string | null },
): Promise<string | undefined> {
  if (target.type === 'evidence_original') {
    const row = (
      await executor.execute({
        sql: 'SELECT original_sealed_key FROM evidence WHERE id = ?',
        args: [target.id],
      })
    ).rows[0];
    // Retention erases the sealed key with the original ('').
    return row?.original_sealed_key
      ? (JSON.parse(String(row.original_sealed_key)) as SealedBox).kid
      : undefined;
  }
  if (target.type === 'text_original')
    return (await findTextRedaction(executor, target.id!))?.sealedOriginal.kid;
  return undefined;
}

/** Opens the original with the rebuilt audit private key (the caller wipes it afterwards). */
export async function openOriginalWith(
  executor: Executor,
  evidence: EvidenceService,
  target: { type: TargetType; id: string | null },
  auditPrivateKey: Uint8Array,
): Promise<OpenedOriginal> {
  if (target.type === 'evidence_original') {
    const file = await evidence.openOriginal(target.id!, auditPrivateKey);
    return { contentType: file.contentType, sha256: file.sha256, size: file.size, stream: file.stream };
  }
  if (target.type === 'text_original') {
    const redaction = await findTextRedaction(executor, target.id!);
    if (!redaction) throw notFound('The case has no such sealed original.', 'original_not_found');
    const text = Buffer.from(openTextOriginal(auditPrivateKey, redaction), 'utf8');
    return {
      contentType: 'text/plain; charset=utf-8',
      sha256: createHash('sha256').update(text).digest('hex'),
      size: text.length,
      stream: Readable.from([text]),
    };
  }
  throw conflict('identity_request', 'This request opens an identity; read it with getUnsealRequest.');
}
