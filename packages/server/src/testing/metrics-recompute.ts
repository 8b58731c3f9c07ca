import type { Executor } from '../db/database.js';

/**
 * The figures recomputed from scratch, in plain TypeScript over every row of the tables: what
 * the rollups must equal. Written apart from the rollup definitions (no SQL but plain SELECTs),
 * so a wrong trigger, backfill or bucket shows up as a difference.
 */

export interface RawFact {
  metric: string;
  day: string;
  district: string;
  source: string;
  platform: string;
  value: number;
  /** Milliseconds, for the duration metrics. */
  ms?: number;
}

type Row = Record<string, unknown>;
const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const utcDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const ms = (iso: string) => Date.parse(iso);

async function all(db: Executor, sql: string): Promise<Row[]> {
  return (await db.execute(sql)).rows as unknown as Row[];
}

export async function recomputeFacts(db: Executor): Promise<RawFact[]> {
  const facts: RawFact[] = [];
  const add = (
    metric: string,
    at: string | null,
    dims: [string, string, string],
    value = 1,
    duration?: number,
  ) => {
    if (at === null) return;
    facts.push({
      metric,
      day: utcDay(at),
      district: dims[0],
      source: dims[1],
      platform: dims[2],
      value,
      ms: duration,
    });
  };
  const cases = await all(db, 'SELECT * FROM cases');
  const caseById = new Map(cases.map((c) => [String(c.id), c]));
  const shops = new Map((await all(db, 'SELECT id, district_code FROM shops')).map((s) => [String(s.id), s]));
  const shopDistrict = (id: unknown) => str(shops.get(String(id))?.district_code) ?? '';
  const reporterOrPlatform = (c: Row) => (c.source === 'tip' ? 'reporter' : 'platform');

  for (const c of cases) {
    const dims: [string, string, string] = [
      String(c.shop_district_code),
      reporterOrPlatform(c),
      str(c.shop_platform_id) ?? '',
    ];
    const received = String(c.received_at);
    const closed = str(c.closed_at);
    const acknowledged = str(c.acknowledged_at);
    if (c.source === 'tip') add('tips', received, dims);
    if (c.source === 'platform_lead') add('platformLeads', received, dims);
    if (c.source === 'tip' && c.classification !== null) add('tipsAccepted', received, dims);
    if (closed !== null) add('casesClosed', received, dims);
    if (c.outcome === 'violation_confirmed') add('violationsConfirmed', received, dims);
    if (c.source === 'tip' && c.outcome === 'violation_confirmed') add('eligibleTips', closed, dims);
    if (acknowledged !== null)
      add('ackTime', received, dims, 1, Math.max(0, ms(acknowledged) - ms(received)));
    if (closed !== null) add('closeTime', received, dims, 1, Math.max(0, ms(closed) - ms(received)));
  }
  for (const l of await all(db, 'SELECT * FROM leads')) {
    const viaCase = l.case_id === null ? undefined : caseById.get(String(l.case_id));
    const source =
      l.source === 'risk'
        ? 'risk'
        : l.source === 'shop' || !viaCase
          ? 'regulator'
          : reporterOrPlatform(viaCase);
    const dims: [string, string, string] = [shopDistrict(l.shop_id), source, String(l.platform_id)];
    const created = String(l.created_at);
    const actionAt = str(l.action_at);
    const takenDown = l.action !== null && JSON.parse(String(l.action)).action === 'taken_down';
    add('leadsDispatched', created, dims);
    if (l.acknowledged_at !== null && String(l.acknowledged_at) <= String(l.acknowledge_due_at)) {
      add('leadsAcknowledgedInTime', created, dims);
    }
    if (actionAt !== null) {
      add('leadsActioned', created, dims);
      add('leadToAction', created, dims, 1, Math.max(0, ms(actionAt) - ms(created)));
    }
    if (takenDown) add('leadTakeDowns', created, dims);
    if (takenDown && actionAt !== null && actionAt <= String(l.action_due_at))
      add('leadTakeDownsInTime', created, dims);
  }
  for (const t of await all(db, 'SELECT * FROM shop_takedowns')) {
    add('shopsTakenDown', String(t.taken_down_at), [shopDistrict(t.shop_id), '', String(t.platform_id)]);
  }
  for (const r of await all(db, 'SELECT * FROM relisting_requests')) {
    const dims: [string, string, string] = [shopDistrict(r.shop_id), '', String(r.platform_id)];
    if (r.status === 'approved') add('relistingApproved', str(r.decided_at), dims);
    if (r.status === 'rejected') add('relistingRejected', str(r.decided_at), dims);
  }
  for (const card of await all(db, 'SELECT * FROM platform_cards')) {
    add(card.color === 'yellow' ? 'yellowCards' : 'redCards', String(card.issued_at), [
      '',
      '',
      String(card.platform_id),
    ]);
  }
  const claims = await all(db, 'SELECT * FROM reward_claims');
  const claimDistrict = new Map(
    claims.map((claim) => [
      String(claim.id),
      str(caseById.get(String(claim.case_id))?.shop_district_code) ?? '',
    ]),
  );
  for (const claim of claims) {
    const dims: [string, string, string] = [claimDistrict.get(String(claim.id))!, 'reporter', ''];
    add('rewardsClaimed', String(claim.claimed_at), dims);
    add('rewardsDetermined', str(claim.determined_at), dims);
  }
  for (const p of await all(db, 'SELECT * FROM payouts')) {
    const dims: [string, string, string] = [claimDistrict.get(String(p.claim_id)) ?? '', 'reporter', ''];
    if (p.state === 'paid') {
      add('rewardsPaid', str(p.paid_at), dims);
      add('rewardsPaidFen', str(p.paid_at), dims, Number(p.amount_fen));
    }
    if (p.state === 'failed') add('payoutsFailed', String(p.updated_at), dims);
  }
  return facts;
}

/** The scope key of a fact for a scope kind, or null when the fact has no such dimension. */
export function keyOf(fact: RawFact, kind: string): string | null {
  const parts: Record<string, string[]> = {
    '': [],
    d: [fact.district],
    s: [fact.source],
    p: [fact.platform],
    ds: [fact.district, fact.source],
    dp: [fact.district, fact.platform],
  };
  const values = parts[kind]!;
  return values.some((value) => value === '') ? null : values.join('|');
}

/** Nearest-rank percentile of raw milliseconds. */
export function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
}
