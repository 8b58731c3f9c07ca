import type { Schema } from '@ezhili/contract';
import type { AuditEventInput } from '../audit/audit-log.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor, InStatement } from '../db/database.js';
import { districtExists } from '../districts/district-service.js';
import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { readCaseMessages } from '../messages/message-records.js';
import { conflict, notFound, unprocessable } from '../problem/problem-error.js';
import { findShopByPlatformRef } from '../shops/shop-repository.js';
import { caseScope } from './case-access.js';
import { caseEvidenceLister } from './case-evidence.js';
import {
  addDays,
  type CaseDetail,
  type CaseRecord,
  type CaseState,
  type CaseSummary,
  type Classification,
  OVERDUE_CONDITION,
  rowToCase,
  toCaseSummary,
} from './case-records.js';
import { readCaseSettings } from './case-settings.js';
import { generateIdentityCode } from './identity-code.js';

export type TriageDecision = Schema<'TriageDecision'>;
export type CaseTransitionRequest = Schema<'CaseTransitionRequest'>;
type EvidenceSummary = Schema<'EvidenceSummary'>;

/** The shop as a tip or lead names it: a platform listing, or a name and address. */
export interface ShopReference {
  platformId?: string;
  platformShopId?: string;
  name?: string;
  address?: string;
}

/** The shop of a new case after the registry lookup; `districtCode` is the one routing uses. */
export interface ResolvedShop {
  shopId: string | null;
  platformId: string | null;
  platformShopId: string | null;
  name: string | null;
  address: string | null;
  districtCode: string;
}

/** What opens a case (a tip, a platform lead). */
export interface NewCase {
  source: 'tip' | 'platform_lead';
  /** The tip id or lead id that opened the case. */
  sourceRef: string;
  description: string;
  category: string;
  /** The district the source names; routing uses the registry shop's district when it has one. */
  districtCode: string;
  shop: ShopReference;
  observedAt: string | null;
  /** Who opened it, for the transition record: `reporter`, `platform:<id>`, `system`. */
  actor: string;
  /** Audit actor; for reporters the identity code is filled in here. */
  auditActor: { type: 'reporter' | 'platform' | 'system'; id?: string };
}

/**
 * Lists evidence of a case for staff (see case-evidence.ts): a seam, so the case service does not
 * depend on how evidence is stored.
 */
export interface CaseEvidenceLister {
  list(db: Executor, caseId: string): Promise<EvidenceSummary[]>;
}

/** Cases: opening, triage, routing, the state machine, notes. Rules here; routes only translate. */
export function createCaseService(
  ctx: AppContext,
  evidence: CaseEvidenceLister = caseEvidenceLister(createEvidenceService(ctx)),
) {
  const { db, clock, audit } = ctx;
  const settings = readCaseSettings(ctx.config.rawEnv);
  const staffActor = (staff: StaffPrincipal) => ({ type: 'staff' as const, id: staff.id });

  async function loadScoped(
    executor: Executor,
    staff: StaffPrincipal,
    caseId: string,
    purpose: 'read' | 'act',
  ): Promise<CaseRecord> {
    const scope = caseScope(staff, purpose);
    const row = (
      await executor.execute({
        sql: `SELECT * FROM cases WHERE id = ? AND ${scope.where}`,
        args: [caseId, ...scope.args],
      })
    ).rows[0];
    // A case outside the caller's unit is indistinguishable from one that does not exist.
    if (!row) throw notFound('No case with this id is visible to you.', 'case_not_found');
    return rowToCase(row as unknown as Record<string, unknown>);
  }

  function transitionStatement(
    record: CaseRecord,
    action: Schema<'CaseTransition'>['action'],
    toState: CaseState,
    actor: string,
    details: Record<string, unknown>,
    at: string,
  ): InStatement {
    return {
      sql: `INSERT INTO case_transitions (id, case_id, at, action, from_state, to_state, actor, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        newId('ctr', new Date(at)),
        record.id,
        at,
        action,
        action === 'received' ? null : record.state,
        toState,
        actor,
        JSON.stringify(details),
      ],
    };
  }

  async function recordTransition(
    tx: Executor,
    ...args: Parameters<typeof transitionStatement>
  ): Promise<void> {
    await tx.execute(transitionStatement(...args));
  }

  /** Where a classification sends a case: general → the shop's district bureau; complex → the detachment. */
  function routeFor(classification: Classification, districtCode: string) {
    return classification === 'complex'
      ? { assignedUnit: 'enforcement_detachment' as const, assignedDistrictCode: null }
      : { assignedUnit: 'district_bureau' as const, assignedDistrictCode: districtCode };
  }

  async function detail(executor: Executor, record: CaseRecord): Promise<CaseDetail> {
    // Sequential: an interactive transaction runs one statement at a time anyway.
    const transitions = await executor.execute({
      sql: 'SELECT * FROM case_transitions WHERE case_id = ? ORDER BY at, rowid',
      args: [record.id],
    });
    const notes = await executor.execute({
      sql: 'SELECT * FROM case_notes WHERE case_id = ? ORDER BY created_at, rowid',
      args: [record.id],
    });
    const messages = await readCaseMessages(executor, record.id, 'staff');
    const files = await evidence.list(executor, record.id);
    return {
      ...toCaseSummary(record, clock.now()),
      description: record.description,
      observedAt: record.observedAt,
      shop: {
        shopId: record.shopId,
        platformId: record.shopPlatformId,
        platformShopId: record.shopPlatformShopId,
        name: record.shopName,
        address: record.shopAddress,
        districtCode: record.shopDistrictCode,
      },
      penaltyFen: record.penaltyFen,
      closingSummary: record.closingSummary,
      mergedIntoCaseId: record.mergedInto,
      closedAt: record.closedAt,
      evidence: files,
      transitions: transitions.rows.map((row) => ({
        id: String(row.id),
        at: String(row.at),
        action: row.action as Schema<'CaseTransition'>['action'],
        fromState: row.from_state === null ? null : (row.from_state as CaseState),
        toState: row.to_state as CaseState,
        actor: String(row.actor),
        details: JSON.parse(String(row.details)) as Record<string, unknown>,
      })),
      notes: notes.rows.map((row) => ({
        id: String(row.id),
        authorStaffId: String(row.author_staff_id),
        body: String(row.body),
        createdAt: String(row.created_at),
      })),
      messages,
    };
  }

  async function reload(tx: Executor, caseId: string): Promise<CaseRecord> {
    const row = (await tx.execute({ sql: 'SELECT * FROM cases WHERE id = ?', args: [caseId] })).rows[0];
    return rowToCase(row as unknown as Record<string, unknown>);
  }

  const service = {
    settings,

    /**
     * Checks what a new case names before anything is stored (district known, shop resolvable)
     * and resolves the shop against the registry. Safe to call outside a transaction.
     */
    async resolveShop(executor: Executor, districtCode: string, shop: ShopReference): Promise<ResolvedShop> {
      if (!(await districtExists(executor, districtCode))) {
        throw unprocessable(
          'unknown_district',
          `District ${districtCode} is not served by this deployment.`,
          [{ pointer: '#/districtCode', detail: 'is not a known district' }],
        );
      }
      const listed =
        shop.platformId && shop.platformShopId
          ? await findShopByPlatformRef(executor, shop.platformId, shop.platformShopId)
          : undefined;
      return {
        shopId: listed?.id ?? null,
        platformId: shop.platformId ?? null,
        platformShopId: shop.platformShopId ?? null,
        name: shop.name ?? listed?.name ?? null,
        address: shop.address ?? listed?.address ?? null,
        // The shop's own district decides routing (territorial principle); the reporter's
        // district stands in for shops the registry does not know.
        districtCode: listed?.districtCode ?? districtCode,
      };
    },

    /**
     * Prepares a case without writing it: a fresh identity code, the row, its `received`
     * transition and the audit event, for a caller that commits them in one batch with rows of
     * its own (a tip and its evidence). `shop` may carry the result of `resolveShop` already.
     */
    async prepareCase(
      tx: Executor,
      input: NewCase,
      resolved?: ResolvedShop,
    ): Promise<{ record: CaseRecord; statements: InStatement[]; auditEvent: AuditEventInput }> {
      const shop = resolved ?? (await service.resolveShop(tx, input.districtCode, input.shop));
      let identityCode = generateIdentityCode(settings.identityCodePrefix);
      for (let attempt = 0; attempt < 5; attempt++) {
        const taken = await tx.execute({
          sql: 'SELECT 1 FROM cases WHERE identity_code = ?',
          args: [identityCode],
        });
        if (taken.rows.length === 0) break;
        identityCode = generateIdentityCode(settings.identityCodePrefix);
      }
      const now = clock.now();
      const at = now.toISOString();
      const acknowledgeBy = addDays(at, settings.acknowledgeDays);
      const record: CaseRecord = {
        id: newId('case', now),
        identityCode,
        source: input.source,
        sourceRef: input.sourceRef,
        description: input.description,
        category: input.category,
        districtCode: input.districtCode,
        shopId: shop.shopId,
        shopPlatformId: shop.platformId,
        shopPlatformShopId: shop.platformShopId,
        shopName: shop.name,
        shopAddress: shop.address,
        shopDistrictCode: shop.districtCode,
        observedAt: input.observedAt,
        receivedAt: at,
        state: 'received',
        classification: null,
        assignedUnit: 'intake',
        assignedDistrictCode: null,
        outcome: null,
        penaltyFen: null,
        closingSummary: null,
        mergedInto: null,
        acknowledgeBy,
        // Art. 9(1)(f): three months from acknowledgement or, without one, from the end of the
        // seven days after submission; moved when the case is acknowledged.
        feedbackBy: addDays(acknowledgeBy, settings.feedbackDays),
        acknowledgedAt: null,
        feedbackGivenAt: null,
        closedAt: null,
        updatedAt: at,
      };
      const insert: InStatement = {
        sql: `INSERT INTO cases (id, identity_code, source, source_ref, description, category, district_code,
                shop_id, shop_platform_id, shop_platform_shop_id, shop_name, shop_address, shop_district_code,
                observed_at, received_at, state, assigned_unit, acknowledge_by, feedback_by, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', 'intake', ?, ?, ?)`,
        args: [
          record.id,
          identityCode,
          input.source,
          input.sourceRef,
          input.description,
          input.category,
          input.districtCode,
          shop.shopId,
          shop.platformId,
          shop.platformShopId,
          shop.name,
          shop.address,
          shop.districtCode,
          input.observedAt,
          at,
          record.acknowledgeBy,
          record.feedbackBy,
          at,
        ],
      };
      return {
        record,
        statements: [
          insert,
          transitionStatement(record, 'received', 'received', input.actor, { source: input.source }, at),
        ],
        auditEvent: {
          actor: { type: input.auditActor.type, id: input.auditActor.id ?? identityCode },
          action: 'case.opened',
          subject: { type: 'case', id: record.id },
          details: { source: input.source, category: input.category, districtCode: input.districtCode },
        },
      };
    },

    /**
     * Opens a case inside the caller's transaction: a fresh identity code, the `received`
     * transition, deadlines, and the audit event. For tips and for platform-submitted leads
     * ("routed like a tip": it enters the intake queue).
     */
    async createCase(tx: Executor, input: NewCase): Promise<CaseRecord> {
      const prepared = await service.prepareCase(tx, input);
      await tx.batch(prepared.statements);
      await audit.appendWithin(tx, prepared.auditEvent);
      return prepared.record;
    },

    async listCases(
      staff: StaffPrincipal,
      filter: {
        state?: CaseState;
        overdue?: boolean;
        districtCode?: string;
        cursor?: string;
        limit?: number;
      },
    ): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
      const scope = caseScope(staff, 'read');
      const where = [scope.where];
      const args: (string | number)[] = [...scope.args];
      if (filter.state) where.push('state = ?') && args.push(filter.state);
      if (filter.districtCode) where.push('shop_district_code = ?') && args.push(filter.districtCode);
      if (filter.overdue) {
        const now = clock.now().toISOString();
        where.push(OVERDUE_CONDITION);
        args.push(now, now);
      }
      if (filter.cursor) where.push('id < ?') && args.push(filter.cursor);
      const limit = filter.limit ?? 50;
      const result = await db.execute({
        sql: `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
        args: [...args, limit + 1],
      });
      const records = result.rows.map((row) => rowToCase(row as unknown as Record<string, unknown>));
      const page = records.slice(0, limit);
      await audit.append({
        actor: staffActor(staff),
        action: 'case.list',
        details: { count: page.length, caseIds: page.map((record) => record.id) },
      });
      return {
        items: page.map((record) => toCaseSummary(record, clock.now())),
        nextCursor: records.length > limit ? page.at(-1)!.id : null,
      };
    },

    /** One case, as its unit sees it; the read is audited. */
    async getCase(staff: StaffPrincipal, caseId: string): Promise<CaseDetail> {
      const record = await loadScoped(db, staff, caseId, 'read');
      await audit.append({
        actor: staffActor(staff),
        action: 'case.read',
        subject: { type: 'case', id: caseId },
      });
      return detail(db, record);
    },

    /** Throws unless the staff member may read the case; for evidence downloads. */
    async assertReadable(staff: StaffPrincipal, caseId: string): Promise<CaseRecord> {
      return loadScoped(db, staff, caseId, 'read');
    },

    async triageCase(staff: StaffPrincipal, caseId: string, decision: TriageDecision): Promise<CaseDetail> {
      if (decision.decision === 'accept' && !decision.classification) {
        throw unprocessable('classification_required', 'Accepting a case needs a classification.', [
          { pointer: '#/classification', detail: 'is required for accept' },
        ]);
      }
      if (decision.decision === 'reject' && !decision.reason?.trim()) {
        throw unprocessable('reason_required', 'Rejecting a case needs a reason.', [
          { pointer: '#/reason', detail: 'is required for reject' },
        ]);
      }
      if (decision.decision === 'merge' && !decision.duplicateOfCaseId) {
        throw unprocessable('duplicate_required', 'Merging needs the case this one duplicates.', [
          { pointer: '#/duplicateOfCaseId', detail: 'is required for merge' },
        ]);
      }
      return db.transaction(async (tx) => {
        const record = await loadScoped(tx, staff, caseId, 'act');
        if (record.state !== 'received') {
          throw conflict(
            'case_already_triaged',
            `The case is ${record.state}; only received cases are triaged.`,
          );
        }
        const at = clock.now().toISOString();
        const actor = `staff:${staff.id}`;
        const feedbackBy = addDays(at, settings.feedbackDays);
        let details: Record<string, unknown>;
        if (decision.decision === 'accept') {
          const route = routeFor(decision.classification!, record.shopDistrictCode);
          await tx.execute({
            sql: `UPDATE cases SET state = 'triaged', classification = ?, assigned_unit = ?, assigned_district_code = ?,
                    acknowledged_at = ?, feedback_by = ?, updated_at = ? WHERE id = ?`,
            args: [
              decision.classification!,
              route.assignedUnit,
              route.assignedDistrictCode,
              at,
              feedbackBy,
              at,
              caseId,
            ],
          });
          details = { classification: decision.classification, ...route, reason: decision.reason ?? null };
          await recordTransition(tx, record, 'accept', 'triaged', actor, details, at);
        } else if (decision.decision === 'reject') {
          await tx.execute({
            sql: `UPDATE cases SET state = 'closed', outcome = 'rejected', closing_summary = ?, acknowledged_at = ?,
                    feedback_given_at = ?, feedback_by = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
            args: [decision.reason!, at, at, feedbackBy, at, at, caseId],
          });
          details = { reason: decision.reason };
          await recordTransition(tx, record, 'reject', 'closed', actor, details, at);
        } else {
          const target = decision.duplicateOfCaseId!;
          if (target === caseId) throw unprocessable('merge_into_self', 'A case cannot duplicate itself.');
          const exists = await tx.execute({
            sql: `SELECT merged_into FROM cases WHERE id = ?`,
            args: [target],
          });
          if (exists.rows.length === 0 || exists.rows[0]!.merged_into !== null) {
            throw unprocessable(
              'unknown_duplicate',
              'The case to merge into does not exist or was merged itself.',
              [{ pointer: '#/duplicateOfCaseId', detail: 'is not an open or closed original case' }],
            );
          }
          await tx.execute({
            sql: `UPDATE cases SET state = 'closed', outcome = 'duplicate', merged_into = ?, acknowledged_at = ?,
                    feedback_given_at = ?, feedback_by = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
            args: [target, at, at, feedbackBy, at, at, caseId],
          });
          details = { duplicateOfCaseId: target, reason: decision.reason ?? null };
          await recordTransition(tx, record, 'merge', 'closed', actor, details, at);
        }
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: `case.triage.${decision.decision}`,
          subject: { type: 'case', id: caseId },
          details,
        });
        return detail(tx, await reload(tx, caseId));
      });
    },

    async transitionCase(
      staff: StaffPrincipal,
      caseId: string,
      request: CaseTransitionRequest,
    ): Promise<CaseDetail> {
      const missing = (field: string, why: string) =>
        unprocessable(`${field}_required`, why, [
          { pointer: `#/${field}`, detail: `is required for ${request.action}` },
        ]);
      if (request.action === 'close') {
        if (!request.outcome) throw missing('outcome', 'Closing a case needs an outcome.');
        if (!request.summary?.trim()) throw missing('summary', 'Closing a case needs a summary.');
        if (request.outcome === 'violation_confirmed' && request.penaltyFen === undefined) {
          throw missing('penaltyFen', 'A confirmed violation needs the penalty amount in fen.');
        }
        if (request.outcome !== 'violation_confirmed' && request.penaltyFen !== undefined) {
          throw unprocessable('penalty_without_violation', 'Only a confirmed violation carries a penalty.');
        }
      }
      if (request.action === 'reroute') {
        if (!request.classification) throw missing('classification', 'Re-routing needs a classification.');
        if (!request.reason?.trim()) throw missing('reason', 'Re-routing needs a reason.');
      }
      return db.transaction(async (tx) => {
        const record = await loadScoped(tx, staff, caseId, 'act');
        const at = clock.now().toISOString();
        const actor = `staff:${staff.id}`;
        let details: Record<string, unknown>;
        if (request.action === 'investigate') {
          if (record.state !== 'triaged') {
            throw conflict('invalid_transition', `A ${record.state} case cannot move to investigating.`);
          }
          await tx.execute({
            sql: `UPDATE cases SET state = 'investigating', updated_at = ? WHERE id = ?`,
            args: [at, caseId],
          });
          details = {};
          await recordTransition(tx, record, 'investigate', 'investigating', actor, details, at);
        } else if (request.action === 'close') {
          if (record.state !== 'investigating') {
            throw conflict(
              'invalid_transition',
              `A ${record.state} case cannot be closed; investigate it first.`,
            );
          }
          await tx.execute({
            sql: `UPDATE cases SET state = 'closed', outcome = ?, penalty_fen = ?, closing_summary = ?, closed_at = ?,
                    feedback_given_at = COALESCE(feedback_given_at, ?), updated_at = ? WHERE id = ?`,
            args: [request.outcome!, request.penaltyFen ?? null, request.summary!, at, at, at, caseId],
          });
          details = { outcome: request.outcome, penaltyFen: request.penaltyFen ?? null };
          await recordTransition(tx, record, 'close', 'closed', actor, details, at);
        } else {
          if (record.state !== 'triaged' && record.state !== 'investigating') {
            throw conflict('invalid_transition', `A ${record.state} case cannot be re-routed.`);
          }
          const districtCode = request.districtCode ?? record.shopDistrictCode;
          if (request.districtCode && !(await districtExists(tx, request.districtCode))) {
            throw unprocessable('unknown_district', `District ${request.districtCode} is not served here.`, [
              { pointer: '#/districtCode', detail: 'is not a known district' },
            ]);
          }
          const route = routeFor(request.classification!, districtCode);
          if (
            route.assignedUnit === record.assignedUnit &&
            route.assignedDistrictCode === record.assignedDistrictCode
          ) {
            throw conflict('same_route', 'The case is already with this unit.');
          }
          await tx.execute({
            sql: `UPDATE cases SET classification = ?, assigned_unit = ?, assigned_district_code = ?, updated_at = ? WHERE id = ?`,
            args: [request.classification!, route.assignedUnit, route.assignedDistrictCode, at, caseId],
          });
          details = {
            classification: request.classification,
            from: { assignedUnit: record.assignedUnit, assignedDistrictCode: record.assignedDistrictCode },
            to: route,
            reason: request.reason,
          };
          await recordTransition(tx, record, 'reroute', record.state, actor, details, at);
        }
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: `case.${request.action}`,
          subject: { type: 'case', id: caseId },
          details,
        });
        // The caller may have just handed the case to another unit; it still sees the result.
        return detail(tx, await reload(tx, caseId));
      });
    },

    async addCaseNote(staff: StaffPrincipal, caseId: string, body: string): Promise<Schema<'CaseNote'>> {
      return db.transaction(async (tx) => {
        await loadScoped(tx, staff, caseId, 'act');
        const now = clock.now();
        const note = { id: newId('note', now), authorStaffId: staff.id, body, createdAt: now.toISOString() };
        await tx.execute({
          sql: 'INSERT INTO case_notes (id, case_id, author_staff_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
          args: [note.id, caseId, note.authorStaffId, note.body, note.createdAt],
        });
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'case.note_added',
          subject: { type: 'case', id: caseId },
          details: { noteId: note.id },
        });
        return note;
      });
    },

    /** Loads a case the staff member may act on, inside a transaction; for messages. */
    loadForAction(tx: Executor, staff: StaffPrincipal, caseId: string): Promise<CaseRecord> {
      return loadScoped(tx, staff, caseId, 'act');
    },
  };
  return service;
}

export type CaseService = ReturnType<typeof createCaseService>;
