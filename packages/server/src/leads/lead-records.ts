import type { Schema } from '@ezhili/contract';
import { textOrNull } from '../db/rows.js';
import type { Attestation } from '../platforms/platform-principal.js';

export type Lead = Schema<'Lead'>;
export type LeadAction = Schema<'LeadAction'>;
export type LeadSource = Schema<'LeadSource'>;

/** The SELECT every lead read uses: the lead with its shop's name and platform reference. */
export const LEAD_SELECT = `SELECT l.*, l.rowid AS seq, s.name AS shop_name, s.platform_shop_id AS shop_platform_shop_id
                            FROM leads l JOIN shops s ON s.id = l.shop_id`;

/** The public shape of a lead; `overdue` is judged at `now`. */
export function rowToLead(row: Record<string, unknown>, now: Date): Lead {
  const action = row.action ? (JSON.parse(String(row.action)) as LeadAction) : null;
  const acknowledgedAt = textOrNull(row.acknowledged_at);
  const nowIso = now.toISOString();
  return {
    id: String(row.id),
    platformId: String(row.platform_id),
    shopId: String(row.shop_id),
    platformShopId: textOrNull(row.shop_platform_shop_id),
    shopName: String(row.shop_name),
    caseId: textOrNull(row.case_id),
    source: row.source as LeadSource,
    summary: String(row.summary),
    violationCategory: textOrNull(row.violation_category),
    basis: basisOf(row),
    requestedAction: basisOf(row) === 'confirmed_violation' ? 'take_down' : 'review',
    status: row.status as Lead['status'],
    createdAt: String(row.created_at),
    acknowledgeDueAt: String(row.acknowledge_due_at),
    actionDueAt: String(row.action_due_at),
    acknowledgedAt,
    action,
    overdue: {
      acknowledge: (acknowledgedAt ?? nowIso) > String(row.acknowledge_due_at),
      action: (action?.at ?? nowIso) > String(row.action_due_at),
    },
  };
}

/**
 * A lead as a platform receives it (its API, its webhooks): without the case behind it. A case id
 * would join the leads of one case and, like any time-ordered id, date the tip; the lead's own
 * random id is the platform's reference.
 */
export function platformViewOfLead(lead: Lead): Lead {
  return { ...lead, caseId: null };
}

export type LeadBasis = Lead['basis'];

function basisOf(row: Record<string, unknown>): LeadBasis {
  if (row.basis !== null && row.basis !== undefined) return row.basis as LeadBasis;
  return row.source === 'risk' ? 'priority_check' : 'official_report';
}

export function parseAttestation(value: unknown): Attestation {
  return JSON.parse(String(value)) as Attestation;
}
