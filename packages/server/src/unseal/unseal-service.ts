import type { Schema } from '@ezhili/contract';
import { AuditKeyError, reconstructAuditPrivateKey, verifyAuditShare } from '../audit/audit-key.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { findCaseForReward } from '../cases/case-lookup.js';
import {
  generateSealingKeyPair,
  openSealed,
  publicKeyOf,
  type SealedBox,
  sealTo,
} from '../crypto/sealed-box.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import { createEvidenceService, type EvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { IdentityEnvelopePlaintext } from '../identity/identity-envelopes.js';
import { auditEnvelopeAad } from '../identity/identity-envelopes.js';
import { newId } from '../ids/ids.js';
import { conflict, forbidden, notFound, ProblemError, unprocessable } from '../problem/problem-error.js';
import {
  checkOriginalOfCase,
  type OpenedOriginal,
  openOriginalWith,
  sealedKid,
  type TargetType,
  targetRecord,
  targetView,
} from './sealed-originals.js';
import { UNSEAL_SETTINGS, type UnsealSettings } from './unseal-settings.js';

export type UnsealRequestView = Schema<'UnsealRequest'>;
export type UnsealRequestCreated = Schema<'UnsealRequestCreated'>;
export type UnsealRequestCreate = Schema<'UnsealRequestCreate'>;
export type UnsealedIdentity = Schema<'UnsealedIdentity'>;

const requestNotFound = () => notFound('No such unseal request.', 'unseal_request_not_found');
const gone = () =>
  new ProblemError(410, {
    code: 'unseal_request_expired',
    detail: 'The unseal request has expired; file a new one.',
  });
const subject = (id: string) => ({ type: 'unseal_request', id });
const shareAad = (requestId: string, auditorId: string) =>
  `ezhili unseal share v1|${requestId}|auditor:${auditorId}`;

interface RequestRecord {
  id: string;
  caseId: string;
  tipId: string;
  identityCode: string;
  legalBasis: string;
  reason: string;
  requestedBy: string;
  auditKid: string;
  threshold: number;
  recipientPublicKey: string;
  state: UnsealRequestView['state'];
  targetType: TargetType;
  targetId: string | null;
  createdAt: string;
  expiresAt: string;
  openedAt: string | null;
}

function toRecord(row: Record<string, unknown>): RequestRecord {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    tipId: String(row.tip_id),
    identityCode: String(row.identity_code),
    legalBasis: String(row.legal_basis),
    reason: String(row.reason),
    requestedBy: String(row.requested_by),
    auditKid: String(row.audit_kid),
    threshold: Number(row.threshold),
    recipientPublicKey: String(row.recipient_public_key),
    state: row.state as RequestRecord['state'],
    targetType: row.target_type as TargetType,
    targetId: textOrNull(row.target_id),
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    openedAt: textOrNull(row.opened_at),
  };
}

/**
 * k-of-n opening of a reporter's audit envelope. The requester names a case and a legal basis
 * and receives a one-time X25519 key, shown once. Each auditor's share is checked against the
 * audit key's share fingerprints and sealed to the one-time public key, so the database never
 * holds a readable share. Once k distinct auditors have submitted, the requester, and only with
 * the one-time key, opens the request once: the shares are unsealed in memory, the audit private
 * key is rebuilt and checked against the public key, the envelope is opened, every sealed share is
 * wiped, and the reporter gets a notice. Nothing opened is ever stored. There is no other path.
 */
export function createUnsealService(
  ctx: AppContext,
  options: { settings?: UnsealSettings; evidence?: EvidenceService } = {},
) {
  const { db, clock } = ctx;
  const settings = options.settings ?? ctx.settings.of(UNSEAL_SETTINGS);
  const evidence = options.evidence ?? createEvidenceService(ctx);

  async function load(id: string, executor: Executor = db): Promise<RequestRecord> {
    const row = (await executor.execute({ sql: 'SELECT * FROM unseal_requests WHERE id = ?', args: [id] }))
      .rows[0];
    if (!row) throw requestNotFound();
    return toRecord(row);
  }

  async function view(record: RequestRecord, executor: Executor = db): Promise<UnsealRequestView> {
    const shares = await executor.execute({
      sql: 'SELECT auditor_id, submitted_at FROM unseal_shares WHERE request_id = ? ORDER BY submitted_at, auditor_id',
      args: [record.id],
    });
    return {
      id: record.id,
      caseId: record.caseId,
      target: targetView(record.targetType, record.targetId),
      identityCode: record.identityCode,
      legalBasis: record.legalBasis,
      reason: record.reason,
      state: record.state,
      threshold: record.threshold,
      approvals: shares.rows.map((row) => ({
        auditorId: String(row.auditor_id),
        submittedAt: String(row.submitted_at),
      })),
      requestedBy: record.requestedBy,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      openedAt: record.openedAt,
    };
  }

  /** Marks a request past its time as expired and wipes its sealed shares; returns it as it now is. */
  async function expireIfDue(record: RequestRecord): Promise<RequestRecord> {
    if (
      (record.state !== 'pending' && record.state !== 'approved') ||
      clock.now().toISOString() <= record.expiresAt
    ) {
      return record;
    }
    await db.transaction(async (tx) => {
      const updated = await tx.execute({
        sql: `UPDATE unseal_requests SET state = 'expired' WHERE id = ? AND state IN ('pending', 'approved')`,
        args: [record.id],
      });
      if (updated.rowsAffected !== 1) return;
      await tx.execute({
        sql: 'UPDATE unseal_shares SET sealed_share = NULL WHERE request_id = ?',
        args: [record.id],
      });
      await ctx.audit.appendWithin(tx, {
        actor: { type: 'system', id: 'unseal' },
        action: 'unseal.expired',
        subject: subject(record.id),
        details: { caseId: record.caseId },
      });
    });
    return load(record.id);
  }

  return {
    async create(staff: StaffPrincipal, body: UnsealRequestCreate): Promise<UnsealRequestCreated> {
      const found = await findCaseForReward(db, body.caseId);
      if (!found) throw notFound('No such case.', 'case_not_found');
      const target = targetRecord(body.target);
      await checkOriginalOfCase(db, found.caseId, target);
      if (target.type === 'identity' && (!found.tipId || !found.reporterId)) {
        throw conflict(
          'no_sealed_identity',
          'No sealed identity belongs to this case (an anonymous tip without an account, or not a tip).',
        );
      }
      const now = clock.now();
      const id = newId('unseal', now);
      const pair = generateSealingKeyPair();
      const expiresAt = new Date(now.getTime() + settings.ttlHours * 3600_000).toISOString();
      await db.transaction(async (tx) => {
        await tx.execute({
          sql: `INSERT INTO unseal_requests (id, case_id, tip_id, identity_code, legal_basis, reason, requested_by, audit_kid,
                  threshold, recipient_public_key, state, created_at, expires_at, target_type, target_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
          args: [
            id,
            found.caseId,
            found.tipId ?? '',
            found.identityCode,
            body.legalBasis,
            body.reason,
            staff.id,
            ctx.auditKey.kid,
            ctx.auditKey.threshold,
            pair.publicKey.toString('base64url'),
            now.toISOString(),
            expiresAt,
            target.type,
            target.id,
          ],
        });
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'unseal.requested',
          subject: subject(id),
          details: {
            caseId: found.caseId,
            target: target.type,
            ...(target.id && { targetId: target.id }),
            legalBasis: body.legalBasis,
            reason: body.reason,
            threshold: ctx.auditKey.threshold,
            expiresAt,
          },
        });
      });
      const oneTimeKey = pair.privateKey.toString('base64url');
      pair.privateKey.fill(0);
      return { ...(await view(await load(id))), oneTimeKey };
    },

    /** One auditor's approval: a share of the audit key, checked, then sealed to the one-time key. */
    async submitShare(id: string, staff: StaffPrincipal, share: string): Promise<UnsealRequestView> {
      const record = await expireIfDue(await load(id));
      if (record.state === 'expired') throw gone();
      if (record.state !== 'pending') {
        throw conflict(
          'unseal_request_not_pending',
          `The request is already ${record.state}; no more shares are needed.`,
        );
      }
      if (record.auditKid !== ctx.auditKey.kid) {
        throw conflict(
          'audit_key_rotated',
          'The audit key changed since this request was made; file a new request.',
        );
      }
      let bytes: Uint8Array;
      try {
        bytes = verifyAuditShare(share, ctx.auditKey);
      } catch (error) {
        if (error instanceof AuditKeyError) throw unprocessable('invalid_share', error.message);
        throw error;
      }
      const shareIndex = bytes[bytes.length - 1]!;
      bytes.fill(0);
      const sealed: SealedBox = sealTo(
        Buffer.from(record.recipientPublicKey, 'base64url'),
        record.id,
        share.trim(),
        shareAad(record.id, staff.id),
      );
      const at = clock.now().toISOString();
      await db.transaction(async (tx) => {
        const mine = await tx.execute({
          sql: 'SELECT 1 FROM unseal_shares WHERE request_id = ? AND auditor_id = ?',
          args: [id, staff.id],
        });
        if (mine.rows.length > 0) {
          throw conflict(
            'share_already_submitted',
            'You have already submitted your share for this request.',
          );
        }
        const same = await tx.execute({
          sql: 'SELECT 1 FROM unseal_shares WHERE request_id = ? AND share_index = ?',
          args: [id, shareIndex],
        });
        if (same.rows.length > 0) {
          throw conflict(
            'duplicate_share',
            'This share has already been submitted by another auditor; k distinct shares are needed.',
          );
        }
        await tx.execute({
          sql: 'INSERT INTO unseal_shares (request_id, auditor_id, share_index, sealed_share, submitted_at) VALUES (?, ?, ?, ?, ?)',
          args: [id, staff.id, shareIndex, JSON.stringify(sealed), at],
        });
        const count = Number(
          (
            await tx.execute({
              sql: 'SELECT count(*) AS n FROM unseal_shares WHERE request_id = ?',
              args: [id],
            })
          ).rows[0]?.n ?? 0,
        );
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'unseal.share_submitted',
          subject: subject(id),
          details: { caseId: record.caseId, approvals: count, threshold: record.threshold },
        });
        if (count >= record.threshold) {
          await tx.execute({
            sql: `UPDATE unseal_requests SET state = 'approved' WHERE id = ? AND state = 'pending'`,
            args: [id],
          });
          await ctx.audit.appendWithin(tx, {
            actor: { type: 'system', id: 'unseal' },
            action: 'unseal.approved',
            subject: subject(id),
            details: { caseId: record.caseId, approvals: count },
          });
        }
      });
      return view(await load(id));
    },

    /**
     * The request's state; for its requester with the one-time key, once k auditors approved, the
     * opened identity (this one time).
     */
    async get(id: string, staff: StaffPrincipal, unsealKey?: string): Promise<UnsealRequestView> {
      const record = await expireIfDue(await load(id));
      if (unsealKey === undefined) return view(record);
      if (record.targetType !== 'identity') {
        throw conflict(
          'open_original_instead',
          'This request opens a sealed original; download it with openUnsealedOriginal.',
        );
      }
      const identity = await openOnce(record, staff, unsealKey, (tx, shares) =>
        openIdentity(tx, record, shares),
      );
      return { ...(await view(await load(id))), identity };
    },

    /** The sealed original an approved request opens, once, for its requester with the one-time key. */
    async openOriginal(id: string, staff: StaffPrincipal, unsealKey: string): Promise<OpenedOriginal> {
      const record = await expireIfDue(await load(id));
      if (record.targetType === 'identity') {
        throw conflict('identity_request', 'This request opens an identity; read it with getUnsealRequest.');
      }
      const target = { type: record.targetType, id: record.targetId };
      return openOnce(record, staff, unsealKey, async (tx, shares) => {
        const kid = await sealedKid(tx, target);
        if (kid !== undefined && kid !== ctx.auditKey.kid) {
          throw conflict(
            'sealed_to_previous_audit_key',
            `This original is sealed to the audit key ${kid}; open it with that key's shares.`,
          );
        }
        const privateKey = await rebuildKey(shares);
        try {
          return await openOriginalWith(tx, evidence, target, privateKey);
        } finally {
          privateKey.fill(0);
        }
      });
    },
  };

  /**
   * The one opening of an approved request by its requester: checks the one-time key, claims the
   * request, unseals the shares in memory, runs `open` with them, wipes the sealed shares, tells
   * the reporter and audits it, all in one transaction (a failure opens nothing and keeps the
   * request approved).
   */
  async function openOnce<T>(
    record: RequestRecord,
    staff: StaffPrincipal,
    unsealKey: string,
    open: (tx: Executor, shares: string[]) => Promise<T>,
  ): Promise<T> {
    const id = record.id;
    if (record.requestedBy !== staff.id) {
      throw forbidden('Only the staff member who filed the request can open it.', 'not_requester');
    }
    const key = Buffer.from(unsealKey, 'base64url');
    try {
      if (
        key.length !== 32 ||
        !publicKeyOf(key).equals(Buffer.from(record.recipientPublicKey, 'base64url'))
      ) {
        throw forbidden('This is not the one-time key of this request.', 'wrong_unseal_key');
      }
      if (record.state === 'expired') throw gone();
      if (record.state === 'opened')
        throw conflict('already_opened', 'The request was opened once; its result is gone.');
      if (record.state !== 'approved') {
        throw conflict(
          'not_approved',
          `The request needs ${record.threshold} auditors' shares before it can be opened.`,
        );
      }
      return await db.transaction(async (tx) => {
        const now = clock.now().toISOString();
        const claimed = await tx.execute({
          sql: `UPDATE unseal_requests SET state = 'opened', opened_at = ? WHERE id = ? AND state = 'approved'`,
          args: [now, id],
        });
        if (claimed.rowsAffected !== 1)
          throw conflict('already_opened', 'The request was opened once; its result is gone.');
        const shareRows = await tx.execute({
          sql: 'SELECT auditor_id, sealed_share FROM unseal_shares WHERE request_id = ? AND sealed_share IS NOT NULL',
          args: [id],
        });
        const shares = shareRows.rows.map((row) =>
          openSealed(
            key,
            JSON.parse(String(row.sealed_share)) as SealedBox,
            shareAad(id, String(row.auditor_id)),
          ).toString(),
        );
        const result = await open(tx, shares);
        await tx.execute({
          sql: 'UPDATE unseal_shares SET sealed_share = NULL WHERE request_id = ?',
          args: [id],
        });
        // The reporter is told of every opening of their identity or of an original of their tip.
        const reporterNotified = record.tipId !== '';
        if (reporterNotified) {
          await tx.execute({
            sql: `INSERT INTO identity_access_notices (id, tip_id, unseal_request_id, accessed_at, legal_basis, reason, approvals, opened)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            args: [
              newId('notice', clock.now()),
              record.tipId,
              id,
              now,
              record.legalBasis,
              record.reason,
              shares.length,
              record.targetType,
            ],
          });
        }
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'unseal.opened',
          subject: subject(id),
          details: {
            caseId: record.caseId,
            target: record.targetType,
            ...(record.targetId && { targetId: record.targetId }),
            approvals: shares.length,
            legalBasis: record.legalBasis,
            reporterNotified,
          },
        });
        return result;
      });
    } finally {
      key.fill(0);
    }
  }

  async function rebuildKey(shares: string[]): Promise<Buffer> {
    try {
      return await reconstructAuditPrivateKey(ctx.auditKey, shares);
    } catch (error) {
      if (error instanceof AuditKeyError) throw unprocessable('shares_do_not_match', error.message);
      throw error;
    }
  }

  /** Rebuilds the audit private key from the shares and opens the newest audit envelope of the tip's reporter. */
  async function openIdentity(
    tx: Executor,
    record: RequestRecord,
    shares: string[],
  ): Promise<UnsealedIdentity> {
    const reporter = (
      await tx.execute({ sql: 'SELECT reporter_id FROM tips WHERE id = ?', args: [record.tipId] })
    ).rows[0]?.reporter_id;
    const envelope = reporter
      ? (
          await tx.execute({
            sql: `SELECT identity_version, envelope FROM reporter_audit_envelopes
                  WHERE reporter_id = ? ORDER BY identity_version DESC LIMIT 1`,
            args: [String(reporter)],
          })
        ).rows[0]
      : undefined;
    if (!reporter || !envelope)
      throw conflict('no_sealed_identity', 'No sealed identity belongs to this case.');
    const box = JSON.parse(String(envelope.envelope)) as SealedBox;
    if (box.kid !== ctx.auditKey.kid) {
      // Sealed before the last key ceremony: only the shares of that older key can open it.
      throw conflict(
        'sealed_to_previous_audit_key',
        `This identity is sealed to the audit key ${box.kid}; open it with that key's shares.`,
      );
    }
    const privateKey = await rebuildKey(shares);
    try {
      const version = Number(envelope.identity_version);
      const plain = JSON.parse(
        openSealed(privateKey, box, auditEnvelopeAad(String(reporter), version)).toString('utf8'),
      ) as IdentityEnvelopePlaintext;
      return {
        realName: plain.realName,
        residentId: plain.residentId,
        phone: plain.phone,
        bankAccount: plain.bankAccount,
        identityVersion: version,
      };
    } finally {
      privateKey.fill(0);
    }
  }
}

export type UnsealService = ReturnType<typeof createUnsealService>;
