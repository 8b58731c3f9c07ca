import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { loadVisibleCase } from '../cases/case-access.js';
import { readCaseText, replaceCaseText } from '../cases/case-text.js';
import { openSealed, type SealedBox, sealTo } from '../crypto/sealed-box.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { readMessageText, replaceMessageText } from '../messages/message-text.js';
import { notFound } from '../problem/problem-error.js';
import { maskText } from './text-mask.js';

export type TextRedaction = Schema<'TextRedaction'>;
type TextRedactionRequest = Schema<'TextRedactionRequest'>;
type Target = TextRedactionRequest['target'];

/** The sealed original's associated data: bound to the redaction, so a box cannot be moved. */
export const textOriginalAad = (redactionId: string) => `ezhili text original v1|${redactionId}`;

const noSuchText = () => notFound('This case has no such text.', 'text_not_found');

function read(executor: Executor, caseId: string, target: Target): Promise<string | undefined> {
  if (target.type === 'description') return readCaseText(executor, caseId, { type: 'description' });
  if (!target.id) throw noSuchText();
  return target.type === 'note'
    ? readCaseText(executor, caseId, { type: 'note', id: target.id })
    : readMessageText(executor, caseId, target.id);
}

function replace(tx: Executor, caseId: string, target: Target, text: string): Promise<void> {
  if (target.type === 'description') return replaceCaseText(tx, caseId, { type: 'description' }, text);
  return target.type === 'note'
    ? replaceCaseText(tx, caseId, { type: 'note', id: target.id! }, text)
    : replaceMessageText(tx, caseId, target.id!, text);
}

function toRedaction(row: Record<string, unknown>, text: string): TextRedaction {
  const type = row.target_type as Target['type'];
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    target: type === 'description' ? { type } : { type, id: String(row.target_id) },
    version: Number(row.version),
    ranges: JSON.parse(String(row.ranges)) as TextRedaction['ranges'],
    reason: String(row.reason),
    text,
    redactedBy: String(row.redacted_by),
    createdAt: String(row.created_at),
  };
}

/**
 * Masks passages of a case's text in place, for the unit holding the case. The text as it was is
 * sealed to the audit public key in the same transaction as the masking and its audit event, so
 * there is never a moment where the original is lost or readable by the server alone.
 */
export async function redactCaseText(
  ctx: AppContext,
  staff: StaffPrincipal,
  caseId: string,
  body: TextRedactionRequest,
): Promise<TextRedaction> {
  return ctx.db.transaction(async (tx) => {
    await loadVisibleCase(tx, staff, caseId, 'act');
    const before = await read(tx, caseId, body.target);
    if (before === undefined) throw noSuchText();
    const after = maskText(before, body.ranges);
    const now = ctx.clock.now();
    const id = newId('red', now);
    const targetId = body.target.type === 'description' ? null : body.target.id!;
    const version =
      Number(
        (
          await tx.execute({
            sql: 'SELECT count(*) AS n FROM text_redactions WHERE case_id = ? AND target_type = ? AND target_id IS ?',
            args: [caseId, body.target.type, targetId],
          })
        ).rows[0]?.n ?? 0,
      ) + 1;
    const sealed = sealTo(
      Buffer.from(ctx.auditKey.publicKey, 'base64url'),
      ctx.auditKey.kid,
      Buffer.from(before, 'utf8'),
      textOriginalAad(id),
    );
    const row = {
      id,
      case_id: caseId,
      target_type: body.target.type,
      target_id: targetId,
      version,
      ranges: JSON.stringify(body.ranges),
      reason: body.reason,
      redacted_by: staff.id,
      created_at: now.toISOString(),
    };
    await replace(tx, caseId, body.target, after);
    await tx.execute({
      sql: `INSERT INTO text_redactions (id, case_id, target_type, target_id, version, ranges, reason, sealed_original,
              redacted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        caseId,
        row.target_type,
        targetId,
        version,
        row.ranges,
        row.reason,
        JSON.stringify(sealed),
        staff.id,
        row.created_at,
      ],
    });
    await ctx.audit.appendWithin(tx, {
      actor: { type: 'staff', id: staff.id },
      action: 'case.text_redacted',
      subject: { type: 'case', id: caseId },
      details: {
        redactionId: id,
        target: body.target.type,
        ...(targetId && { targetId }),
        version,
        ranges: body.ranges.length,
        reason: body.reason,
      },
    });
    return toRedaction(row, after);
  });
}

/** One text redaction's record (its case and target), or undefined. */
export async function findTextRedaction(
  executor: Executor,
  id: string,
): Promise<{ id: string; caseId: string; sealedOriginal: SealedBox } | undefined> {
  const row = (await executor.execute({ sql: 'SELECT * FROM text_redactions WHERE id = ?', args: [id] }))
    .rows[0];
  return row
    ? {
        id,
        caseId: String(row.case_id),
        sealedOriginal: JSON.parse(String(row.sealed_original)) as SealedBox,
      }
    : undefined;
}

/** The text as it was before the redaction, for k of n auditors holding the rebuilt audit private key. */
export function openTextOriginal(
  auditPrivateKey: Uint8Array,
  redaction: { id: string; sealedOriginal: SealedBox },
) {
  return openSealed(auditPrivateKey, redaction.sealedOriginal, textOriginalAad(redaction.id)).toString(
    'utf8',
  );
}

/** The text redactions of a case, oldest first (for the case view; never the sealed originals). */
export async function listCaseTextRedactions(executor: Executor, caseId: string) {
  const rows = await executor.execute({
    sql: 'SELECT id, target_type, target_id, version, reason, redacted_by, created_at FROM text_redactions WHERE case_id = ? ORDER BY created_at, id',
    args: [caseId],
  });
  return rows.rows;
}
