import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import { assertAnyRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { loadVisibleCase } from '../cases/case-access.js';
import { findCaseShop } from '../cases/case-lookup.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { newOpaqueId } from '../ids/ids.js';
import type { SignedInput } from '../platforms/platform-principal.js';
import { findPlatform, requirePlatformRecord } from '../platforms/platform-service.js';
import { SIGNATURE_TOLERANCE_SECONDS } from '../platforms/require-platform.js';
import { enqueueWebhook } from '../platforms/webhook-outbox.js';
import { conflict, notFound, ProblemError, unprocessable } from '../problem/problem-error.js';
import { getShop, setShopOnline } from '../shops/shop-repository.js';
import {
  LEAD_SELECT,
  type Lead,
  type LeadAction,
  type LeadBasis,
  type LeadSource,
  platformViewOfLead,
  rowToLead,
} from './lead-records.js';
import { staffLeadScope } from './lead-scope.js';
import { LEAD_SETTINGS } from './lead-settings.js';

export type { Lead, LeadAction, LeadSource };

/** Staff who may send leads: intake and the handlers (and admins). */
export const LEAD_CREATOR_ROLES = ['intake', 'district_handler', 'detachment_handler', 'admin'] as const;
/** Staff who read leads: their creators (each within their reach, `lead-scope.ts`), auditors. */
export const LEAD_READER_ROLES = [...LEAD_CREATOR_ROLES, 'auditor'] as const;

/** What a lead is made from. `risk` leads come from the risk engine's top tier. */
export interface NewLead {
  source: LeadSource;
  /** For `case`: the lead goes to the platform listing the case's shop. */
  caseId?: string;
  /** For `shop` and `risk`. */
  shopId?: string;
  summary: string;
  violationCategory?: string;
  deadlines?: Schema<'LeadDeadlines'>;
}

type ActionReport = Schema<'LeadActionReport'>;

/** How far in the future a reported action time may lie: the clock skew a signature may have. */
const FUTURE_TOLERANCE_MS = SIGNATURE_TOLERANCE_SECONDS * 1000;

/**
 * Leads: the regulator → platform channel. Staff (or the risk engine) create a lead for the
 * platform that lists a shop; it is announced by a signed webhook from the outbox and can always
 * be pulled; the platform acknowledges it and reports what it did, both signed.
 */
export function createLeadService(ctx: AppContext) {
  const settings = ctx.settings.of(LEAD_SETTINGS);

  async function shopOfCase(tx: Executor, caseId: string): Promise<{ shopId: string; confirmed: boolean }> {
    const found = await findCaseShop(tx, caseId);
    if (!found) throw notFound(`No case ${caseId}.`, 'case_not_found');
    if (found.shopId === null) {
      throw unprocessable(
        'case_shop_unknown',
        'The case names no shop from the registry, so there is no platform to send a lead to.',
      );
    }
    return { shopId: found.shopId, confirmed: found.outcome === 'violation_confirmed' };
  }

  async function create(tx: Executor, input: NewLead, actor: AuditActor): Promise<Lead> {
    let shopId: string;
    // Only a case closed with a confirmed violation asks for a take-down; a risk score is a
    // priority check, an official's report or an open case a request to review.
    let basis: LeadBasis = input.source === 'risk' ? 'priority_check' : 'official_report';
    if (input.source === 'case') {
      if (!input.caseId)
        throw unprocessable('case_required', 'A lead from a case needs `caseId`.', [
          { pointer: '#/caseId', detail: 'required for source case' },
        ]);
      const ofCase = await shopOfCase(tx, input.caseId);
      shopId = ofCase.shopId;
      if (ofCase.confirmed) basis = 'confirmed_violation';
    } else {
      if (!input.shopId)
        throw unprocessable('shop_required', 'A lead from a shop needs `shopId`.', [
          { pointer: '#/shopId', detail: `required for source ${input.source}` },
        ]);
      shopId = input.shopId;
    }
    const shop = await getShop(tx, shopId);
    if (!shop) throw notFound(`No shop ${shopId}.`, 'shop_not_found');
    if (!shop.platformId) {
      throw unprocessable(
        'shop_not_on_platform',
        'The shop is not listed by any platform; there is nobody to send a lead to.',
      );
    }
    const platform = await findPlatform(tx, shop.platformId);
    if (!platform) {
      throw unprocessable(
        'platform_not_registered',
        `The shop's platform ${shop.platformId} is not registered.`,
      );
    }
    const open = await openLeadOf(tx, shop.id);
    if (open) {
      throw new ProblemError(409, {
        code: 'lead_already_open',
        detail: 'This shop already has an open lead; wait for the platform to act on it.',
        extensions: { leadId: open },
      });
    }
    const now = ctx.clock.now();
    const deadlines = input.deadlines ?? settings;
    const id = newOpaqueId('lead');
    await tx.execute({
      sql: `INSERT INTO leads (id, platform_id, shop_id, case_id, source, summary, violation_category, status,
              created_at, created_by, acknowledge_due_at, action_due_at, basis)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      args: [
        id,
        platform.id,
        shop.id,
        input.caseId ?? null,
        input.source,
        input.summary,
        input.violationCategory ?? null,
        now.toISOString(),
        `${actor.type}:${actor.id}`,
        new Date(now.getTime() + deadlines.acknowledgeWithinSeconds * 1000).toISOString(),
        new Date(now.getTime() + deadlines.actionWithinSeconds * 1000).toISOString(),
        basis,
      ],
    });
    const lead = await load(tx, platform.id, id, now);
    // Platforms without a webhook pull; the lead is in their list either way.
    if (platform.webhookUrl) {
      await enqueueWebhook(tx, {
        platformId: platform.id,
        type: 'lead.created',
        subjectId: id,
        data: platformViewOfLead(lead),
        at: now,
      });
    }
    await ctx.audit.appendWithin(tx, {
      actor,
      action: 'lead.created',
      subject: { type: 'lead', id },
      details: {
        source: input.source,
        platformId: platform.id,
        shopId: shop.id,
        caseId: input.caseId ?? null,
        basis,
      },
    });
    return lead;
  }

  async function load(
    db: Executor,
    platformId: string,
    leadId: string,
    now = ctx.clock.now(),
  ): Promise<Lead> {
    const row = (
      await db.execute({
        sql: `${LEAD_SELECT} WHERE l.id = ? AND l.platform_id = ?`,
        args: [leadId, platformId],
      })
    ).rows[0];
    // Another platform's lead looks exactly like a missing one.
    if (!row) throw notFound(`Platform ${platformId} has no lead ${leadId}.`, 'lead_not_found');
    return rowToLead(row, now);
  }

  return {
    settings,

    /**
     * Creates a lead and queues its webhook, atomically. Pass `tx` to create it inside a larger
     * transaction (the risk engine turning its top tier into leads); otherwise it runs in its own.
     * A shop with an open lead gets no second one (409 `lead_already_open`; see `hasOpenLead`).
     */
    createLead(input: NewLead, actor: AuditActor, tx?: Executor): Promise<Lead> {
      return tx ? create(tx, input, actor) : ctx.db.transaction((own) => create(own, input, actor));
    },

    /**
     * A lead an official sends: only the roles that send leads, and about a case only if the
     * official may see it (a handler's own unit; another unit's case is a 404).
     */
    async createLeadAsStaff(staff: StaffPrincipal, input: NewLead): Promise<Lead> {
      assertAnyRole(staff, LEAD_CREATOR_ROLES);
      return ctx.db.transaction(async (tx) => {
        if (input.source === 'case' && input.caseId !== undefined) {
          await loadVisibleCase(tx, staff, input.caseId, 'read');
        }
        return create(tx, input, { type: 'staff', id: staff.id });
      });
    },

    getLead: (platformId: string, leadId: string) => load(ctx.db, platformId, leadId),

    /** A platform's leads in creation order: the pull channel (`nextCursor` is kept between polls). */
    /** A platform's leads; for `staff`, only those within their reach (`staffLeadScope`). */
    async listPlatformLeads(
      platformId: string,
      query: { status?: Lead['status']; overdue?: boolean; cursor?: string; limit?: number },
      staff?: StaffPrincipal,
    ): Promise<{ items: Lead[]; nextCursor: string | null }> {
      await requirePlatformRecord(ctx.db, platformId);
      const limit = query.limit ?? 50;
      // Pull order is insertion order (rowid): ids made in the same millisecond do not sort by
      // creation, and a cursor must never skip a lead committed after it was issued.
      const after = query.cursor ? decodeSeqCursor('platform_leads', query.cursor) : null;
      const nowIso = ctx.clock.now().toISOString();
      // Only the conditions asked for, so an index on the platform (and status, or its leads not
      // yet acted on) seeks them in rowid order, whatever the platform's history.
      const where = ['l.platform_id = ?'];
      const args: (string | number)[] = [platformId];
      if (after !== null) where.push('l.rowid > ?') && args.push(after);
      if (query.status) where.push('l.status = ?') && args.push(query.status);
      if (query.overdue) {
        // An acted-on lead was acknowledged too (reportLeadAction), so only open leads are overdue.
        where.push(`l.action IS NULL AND ((l.acknowledged_at IS NULL AND l.acknowledge_due_at < ?)
                      OR l.action_due_at < ?)`);
        args.push(nowIso, nowIso);
      }
      if (staff) {
        const scope = staffLeadScope(staff);
        where.push(scope.where) && args.push(...scope.args);
      }
      const rows = (
        await ctx.db.execute({
          sql: `${LEAD_SELECT} WHERE ${where.join(' AND ')} ORDER BY l.rowid LIMIT ?`,
          args: [...args, limit],
        })
      ).rows;
      const now = ctx.clock.now();
      const items = rows.map((row) => rowToLead(row, now));
      // The cursor always points after the last lead seen, so polling with it never misses one.
      const last = rows.length > 0 ? String(rows.at(-1)!.seq) : textOrNull(after);
      return { items, nextCursor: last ? encodeSeqCursor('platform_leads', last) : null };
    },

    /** Records the platform's (first) signed acknowledgement; acknowledging again changes nothing. */
    async acknowledgeLead(platformId: string, leadId: string, note: string | undefined, signed: SignedInput) {
      // A repeated acknowledgement changes nothing: answer it without a write transaction.
      const current = await load(ctx.db, platformId, leadId);
      if (current.acknowledgedAt !== null) return platformViewOfLead(current);
      return ctx.db.transaction(async (tx) => {
        const lead = await load(tx, platformId, leadId);
        if (lead.acknowledgedAt !== null) return platformViewOfLead(lead);
        const now = ctx.clock.now().toISOString();
        await tx.execute({
          sql: `UPDATE leads SET status = CASE status WHEN 'open' THEN 'acknowledged' ELSE status END,
                  acknowledged_at = ?, acknowledgement_note = ?, acknowledgement_attestation = ?,
                  acknowledgement_signed_body = ?
                WHERE id = ?`,
          args: [now, note ?? null, JSON.stringify(signed.attestation), signed.body, leadId],
        });
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'platform', id: platformId },
          action: 'lead.acknowledged',
          subject: { type: 'lead', id: leadId },
          details: { late: now > lead.acknowledgeDueAt, jti: signed.attestation.jti },
        });
        return platformViewOfLead(await load(tx, platformId, leadId));
      });
    },

    /**
     * Records what the platform did, once. `taken_down` takes the shop offline in the registry and
     * opens a take-down that only an approved relisting request clears.
     */
    async reportLeadAction(platformId: string, leadId: string, report: ActionReport, signed: SignedInput) {
      const now = ctx.clock.now();
      const at = new Date(report.at);
      if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
        throw unprocessable('action_time_in_future', 'The action time lies in the future.', [
          { pointer: '#/at', detail: 'is in the future' },
        ]);
      }
      return ctx.db.transaction(async (tx) => {
        const lead = await load(tx, platformId, leadId, now);
        if (lead.action !== null) {
          throw conflict('lead_already_actioned', 'An action was already reported for this lead.');
        }
        const action: LeadAction = {
          leadId,
          action: report.action,
          at: at.toISOString(),
          evidence: report.evidence ?? [],
          note: report.note ?? null,
          reportedAt: now.toISOString(),
          attestation: signed.attestation,
        };
        await tx.execute({
          sql: `UPDATE leads SET status = 'actioned', acknowledged_at = COALESCE(acknowledged_at, ?),
                  action = ?, action_at = ?, action_reported_at = ?, action_attestation = ?, action_signed_body = ?
                WHERE id = ?`,
          args: [
            now.toISOString(),
            JSON.stringify(action),
            action.at,
            action.reportedAt,
            JSON.stringify(signed.attestation),
            signed.body,
            leadId,
          ],
        });
        if (report.action === 'taken_down') {
          await setShopOnline(tx, lead.shopId, false, now);
          await tx.execute({
            sql: `INSERT INTO shop_takedowns (id, shop_id, platform_id, lead_id, taken_down_at)
                  VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            args: [newOpaqueId('tdn'), lead.shopId, platformId, leadId, action.at],
          });
        }
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'platform', id: platformId },
          action: 'lead.actioned',
          subject: { type: 'lead', id: leadId },
          details: {
            action: report.action,
            at: action.at,
            inTime: action.at <= lead.actionDueAt,
            jti: signed.attestation.jti,
          },
        });
        return action;
      });
    },
  };
}
export type LeadService = ReturnType<typeof createLeadService>;

/** The open lead of a shop (not yet actioned), if any: the risk engine skips such shops. */
export async function openLeadOf(db: Executor, shopId: string): Promise<string | undefined> {
  const row = (
    await db.execute({
      sql: `SELECT id FROM leads WHERE shop_id = ? AND status <> 'actioned' ORDER BY rowid LIMIT 1`,
      args: [shopId],
    })
  ).rows[0];
  return row ? String(row.id) : undefined;
}

/** Whether a shop has a lead the platform has not acted on yet. */
export async function hasOpenLead(db: Executor, shopId: string): Promise<boolean> {
  return (await openLeadOf(db, shopId)) !== undefined;
}

/**
 * Creates a lead from outside HTTP, e.g. the risk engine's top tier (`source: 'risk'`), inside
 * the caller's transaction when `tx` is given. Throws 409 `lead_already_open` for a shop that
 * has one; check `hasOpenLead` first to skip such shops quietly.
 */
export function createLead(
  ctx: AppContext,
  input: NewLead,
  tx?: Executor,
  actor: AuditActor = { type: 'system', id: 'system' },
): Promise<Lead> {
  return createLeadService(ctx).createLead(input, actor, tx);
}
