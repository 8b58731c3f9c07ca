/**
 * What the daily rollups count: one list, read by the triggers that keep the rollups up to date
 * in the same transaction as every write, and by the migration that backfills them. A fact is a
 * function of one row of one table (`R.` is the row), so a changed row is counted out as it was
 * and in as it is; nothing has to know which service wrote it.
 *
 * Every fact has a day (`at`, UTC) and the row's dimensions: district, source and platform.
 * Case figures count by the day the case was received (the closure rate of March is about the
 * tips of March), lead figures by the day the lead was sent, the rest by the day they happened.
 */

export interface RollupTable {
  table: string;
  /** Columns whose change can move a fact: an update of any of them re-counts the row. */
  watch: string[];
  district: string;
  source: string;
  platform: string;
}

export interface RollupFact {
  table: string;
  metric: string;
  /** The timestamp whose UTC day the fact counts on. */
  at: string;
  when: string;
  /** Added per row (default 1), e.g. an amount. */
  value?: string;
  /** A duration fact: the row goes into the histogram of `end - start` instead of a count. */
  duration?: { start: string; end: string };
}

const shopDistrict = "coalesce((SELECT district_code FROM shops WHERE id = R.shop_id), '')";
const caseSource = "CASE R.source WHEN 'tip' THEN 'reporter' ELSE 'platform' END";

export const ROLLUP_TABLES: RollupTable[] = [
  {
    table: 'cases',
    watch: [
      'source',
      'received_at',
      'closed_at',
      'classification',
      'outcome',
      'acknowledged_at',
      'shop_district_code',
      'shop_platform_id',
    ],
    district: 'R.shop_district_code',
    source: caseSource,
    platform: "coalesce(R.shop_platform_id, '')",
  },
  {
    table: 'leads',
    watch: [
      'created_at',
      'acknowledged_at',
      'acknowledge_due_at',
      'action',
      'action_at',
      'action_due_at',
      'shop_id',
      'platform_id',
      'source',
      'case_id',
    ],
    district: shopDistrict,
    // Where the lead came from: a reporter's tip or a platform's report (through its case), a
    // risk run, or the regulator's own check of a shop.
    source: `CASE R.source WHEN 'risk' THEN 'risk' WHEN 'shop' THEN 'regulator' ELSE coalesce(
      (SELECT CASE c.source WHEN 'tip' THEN 'reporter' ELSE 'platform' END FROM cases c WHERE c.id = R.case_id),
      'regulator') END`,
    platform: 'R.platform_id',
  },
  {
    table: 'shop_takedowns',
    watch: ['taken_down_at', 'shop_id', 'platform_id'],
    district: shopDistrict,
    source: "''",
    platform: 'R.platform_id',
  },
  {
    table: 'relisting_requests',
    watch: ['status', 'decided_at', 'shop_id', 'platform_id'],
    district: shopDistrict,
    source: "''",
    platform: 'R.platform_id',
  },
  {
    table: 'platform_cards',
    watch: ['color', 'issued_at', 'platform_id'],
    district: "''",
    source: "''",
    platform: 'R.platform_id',
  },
  {
    table: 'reward_claims',
    watch: ['claimed_at', 'determined_at', 'case_id'],
    district: "coalesce((SELECT shop_district_code FROM cases WHERE id = R.case_id), '')",
    source: "'reporter'",
    platform: "''",
  },
  {
    table: 'payouts',
    watch: ['state', 'paid_at', 'updated_at', 'amount_fen', 'claim_id'],
    district: `coalesce((SELECT c.shop_district_code FROM reward_claims rc JOIN cases c ON c.id = rc.case_id
      WHERE rc.id = R.claim_id), '')`,
    source: "'reporter'",
    platform: "''",
  },
];

export const ROLLUP_FACTS: RollupFact[] = [
  { table: 'cases', metric: 'tips', at: 'R.received_at', when: "R.source = 'tip'" },
  { table: 'cases', metric: 'platformLeads', at: 'R.received_at', when: "R.source = 'platform_lead'" },
  {
    table: 'cases',
    metric: 'tipsAccepted',
    at: 'R.received_at',
    when: "R.source = 'tip' AND R.classification IS NOT NULL",
  },
  { table: 'cases', metric: 'casesClosed', at: 'R.received_at', when: 'R.closed_at IS NOT NULL' },
  {
    table: 'cases',
    metric: 'violationsConfirmed',
    at: 'R.received_at',
    when: "R.outcome = 'violation_confirmed'",
  },
  {
    table: 'cases',
    metric: 'eligibleTips',
    at: 'R.closed_at',
    when: "R.source = 'tip' AND R.outcome = 'violation_confirmed' AND R.closed_at IS NOT NULL",
  },
  {
    table: 'cases',
    metric: 'ackTime',
    at: 'R.received_at',
    when: 'R.acknowledged_at IS NOT NULL',
    duration: { start: 'R.received_at', end: 'R.acknowledged_at' },
  },
  {
    table: 'cases',
    metric: 'closeTime',
    at: 'R.received_at',
    when: 'R.closed_at IS NOT NULL',
    duration: { start: 'R.received_at', end: 'R.closed_at' },
  },
  { table: 'leads', metric: 'leadsDispatched', at: 'R.created_at', when: '1' },
  {
    table: 'leads',
    metric: 'leadsAcknowledgedInTime',
    at: 'R.created_at',
    when: 'R.acknowledged_at IS NOT NULL AND R.acknowledged_at <= R.acknowledge_due_at',
  },
  { table: 'leads', metric: 'leadsActioned', at: 'R.created_at', when: 'R.action_at IS NOT NULL' },
  {
    table: 'leads',
    metric: 'leadTakeDowns',
    at: 'R.created_at',
    when: "json_extract(R.action, '$.action') = 'taken_down'",
  },
  {
    table: 'leads',
    metric: 'leadTakeDownsInTime',
    at: 'R.created_at',
    when: "json_extract(R.action, '$.action') = 'taken_down' AND R.action_at <= R.action_due_at",
  },
  {
    table: 'leads',
    metric: 'leadToAction',
    at: 'R.created_at',
    when: 'R.action_at IS NOT NULL',
    duration: { start: 'R.created_at', end: 'R.action_at' },
  },
  { table: 'shop_takedowns', metric: 'shopsTakenDown', at: 'R.taken_down_at', when: '1' },
  {
    table: 'relisting_requests',
    metric: 'relistingApproved',
    at: 'R.decided_at',
    when: "R.status = 'approved' AND R.decided_at IS NOT NULL",
  },
  {
    table: 'relisting_requests',
    metric: 'relistingRejected',
    at: 'R.decided_at',
    when: "R.status = 'rejected' AND R.decided_at IS NOT NULL",
  },
  { table: 'platform_cards', metric: 'yellowCards', at: 'R.issued_at', when: "R.color = 'yellow'" },
  { table: 'platform_cards', metric: 'redCards', at: 'R.issued_at', when: "R.color = 'red'" },
  { table: 'reward_claims', metric: 'rewardsClaimed', at: 'R.claimed_at', when: '1' },
  {
    table: 'reward_claims',
    metric: 'rewardsDetermined',
    at: 'R.determined_at',
    when: 'R.determined_at IS NOT NULL',
  },
  {
    table: 'payouts',
    metric: 'rewardsPaid',
    at: 'R.paid_at',
    when: "R.state = 'paid' AND R.paid_at IS NOT NULL",
  },
  {
    table: 'payouts',
    metric: 'rewardsPaidFen',
    at: 'R.paid_at',
    when: "R.state = 'paid' AND R.paid_at IS NOT NULL",
    value: 'R.amount_fen',
  },
  { table: 'payouts', metric: 'payoutsFailed', at: 'R.updated_at', when: "R.state = 'failed'" },
];

/** The counted (not duration) metrics, in the order series list them. */
export const COUNT_METRICS = ROLLUP_FACTS.filter((fact) => !fact.duration).map((fact) => fact.metric);
export type DurationMetric = 'ackTime' | 'closeTime' | 'leadToAction';
