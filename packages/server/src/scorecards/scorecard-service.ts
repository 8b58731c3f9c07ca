import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { newOpaqueId } from '../ids/ids.js';
import { requirePlatformRecord } from '../platforms/platform-service.js';
import { enqueueWebhook } from '../platforms/webhook-outbox.js';
import { CARD_RULES, type CardRule, countMetric } from './card-rules.js';
import { type Period, parsePeriod, quarterOf } from './scorecard-period.js';

export type PlatformScorecard = Schema<'PlatformScorecard'>;
export type PlatformCard = Schema<'PlatformCard'>;

function rowToCard(row: Record<string, unknown>): PlatformCard {
  return {
    id: String(row.id),
    platformId: String(row.platform_id),
    color: row.color as PlatformCard['color'],
    reason: String(row.reason),
    period: String(row.period),
    ruleId: textOrNull(row.rule_id),
    issuedAt: String(row.issued_at),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The figures of one platform over one period (no proposals); shared with the metrics module. */
export async function platformFigures(db: Executor, platformId: string, period: Period) {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const leads = (
    await db.execute({
      sql: `SELECT created_at, acknowledged_at, acknowledge_due_at, action_at, action_due_at,
                   json_extract(action, '$.action') AS action_kind
            FROM leads WHERE platform_id = ? AND created_at >= ? AND created_at < ?`,
      args: [platformId, from, to],
    })
  ).rows;
  let acknowledged = 0;
  let acknowledgedInTime = 0;
  let takeDowns = 0;
  let takeDownsInTime = 0;
  const leadToAction: number[] = [];
  for (const lead of leads) {
    if (lead.acknowledged_at !== null) {
      acknowledged++;
      if (String(lead.acknowledged_at) <= String(lead.acknowledge_due_at)) acknowledgedInTime++;
    }
    if (lead.action_at !== null) {
      leadToAction.push(
        Math.max(0, (Date.parse(String(lead.action_at)) - Date.parse(String(lead.created_at))) / 1000),
      );
    }
    if (lead.action_kind === 'taken_down') {
      takeDowns++;
      if (String(lead.action_at) <= String(lead.action_due_at)) takeDownsInTime++;
    }
  }
  const relisting = (
    await db.execute({
      sql: `SELECT
              SUM(CASE WHEN status = 'approved' AND decided_at >= ? AND decided_at < ? THEN 1 ELSE 0 END) AS approved,
              SUM(CASE WHEN status = 'rejected' AND decided_at >= ? AND decided_at < ? THEN 1 ELSE 0 END) AS rejected,
              SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending
            FROM relisting_requests WHERE platform_id = ?`,
      args: [from, to, from, to, platformId],
    })
  ).rows[0];
  const breaches = (
    await db.execute({
      sql: 'SELECT COUNT(*) AS n FROM relisting_breaches WHERE platform_id = ? AND detected_at >= ? AND detected_at < ?',
      args: [platformId, from, to],
    })
  ).rows[0];
  const cards = (
    await db.execute({
      sql: `SELECT
              SUM(CASE WHEN color = 'yellow' THEN 1 ELSE 0 END) AS yellow,
              SUM(CASE WHEN color = 'red' THEN 1 ELSE 0 END) AS red
            FROM platform_cards WHERE platform_id = ? AND issued_at >= ? AND issued_at < ?`,
      args: [platformId, from, to],
    })
  ).rows[0];
  return {
    leadsReceived: leads.length,
    acknowledged,
    acknowledgedInTime,
    acknowledgedInTimeRate: leads.length ? acknowledgedInTime / leads.length : null,
    takeDowns,
    takeDownsInTime,
    takeDownInTimeRate: takeDowns ? takeDownsInTime / takeDowns : null,
    medianLeadToActionSeconds: median(leadToAction),
    relisting: {
      approved: Number(relisting?.approved ?? 0),
      rejected: Number(relisting?.rejected ?? 0),
      pending: Number(relisting?.pending ?? 0),
      breaches: Number(breaches?.n ?? 0),
    },
    cards: { yellow: Number(cards?.yellow ?? 0), red: Number(cards?.red ?? 0) },
  };
}
export type PlatformFigures = Awaited<ReturnType<typeof platformFigures>>;

/**
 * Scorecards and cards: each platform's lead handling per period, the cards the configured
 * rules propose, and the cards staff issue (sent to the platform as a signed webhook).
 */
export function createScorecardService(ctx: AppContext) {
  const rules = ctx.settings.of(CARD_RULES);

  async function propose(platformId: string, period: Period, figures: PlatformFigures) {
    const proposals: PlatformScorecard['proposedCards'] = [];
    const quarter = quarterOf(period.from);
    const issuedForPeriod = new Set(
      (
        await ctx.db.execute({
          sql: 'SELECT rule_id FROM platform_cards WHERE platform_id = ? AND period = ? AND rule_id IS NOT NULL',
          args: [platformId, period.label],
        })
      ).rows.map((row) => String(row.rule_id)),
    );
    for (const rule of rules as CardRule[]) {
      if (issuedForPeriod.has(rule.id)) continue;
      if (rule.kind === 'rate_below') {
        const rate = figures[rule.metric];
        const sample = rule.metric === 'takeDownInTimeRate' ? figures.takeDowns : figures.leadsReceived;
        if (rate !== null && sample >= rule.minSample && rate < rule.threshold) {
          proposals.push({ color: rule.color, ruleId: rule.id, reason: rule.reason });
        }
      } else if (rule.kind === 'count_at_least') {
        if (countMetric(figures, rule.metric) >= rule.atLeast)
          proposals.push({ color: rule.color, ruleId: rule.id, reason: rule.reason });
      } else {
        const count = Number(
          (
            await ctx.db.execute({
              sql: `SELECT COUNT(*) AS n FROM platform_cards
                    WHERE platform_id = ? AND color = ? AND issued_at >= ? AND issued_at < ?`,
              args: [platformId, rule.countColor, quarter.from.toISOString(), quarter.to.toISOString()],
            })
          ).rows[0]?.n ?? 0,
        );
        if (count >= rule.atLeast)
          proposals.push({ color: rule.color, ruleId: rule.id, reason: rule.reason });
      }
    }
    return proposals;
  }

  return {
    rules,

    async getPlatformScorecard(platformId: string, periodLabel?: string): Promise<PlatformScorecard> {
      await requirePlatformRecord(ctx.db, platformId);
      const period = periodLabel ? parsePeriod(periodLabel) : quarterOf(ctx.clock.now());
      const figures = await platformFigures(ctx.db, platformId, period);
      return {
        platformId,
        period: period.label,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        ...figures,
        proposedCards: await propose(platformId, period, figures),
      };
    },

    async issuePlatformCard(
      platformId: string,
      input: Schema<'PlatformCardIssue'>,
      staff: StaffPrincipal,
    ): Promise<PlatformCard> {
      return ctx.db.transaction(async (tx) => {
        const platform = await requirePlatformRecord(tx, platformId);
        const now = ctx.clock.now();
        const card: PlatformCard = {
          id: newOpaqueId('card'),
          platformId,
          color: input.color,
          reason: input.reason,
          period: input.period ?? quarterOf(now).label,
          ruleId: input.ruleId ?? null,
          issuedAt: now.toISOString(),
        };
        await tx.execute({
          sql: `INSERT INTO platform_cards (id, platform_id, color, reason, period, rule_id, issued_at, issued_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            card.id,
            platformId,
            card.color,
            card.reason,
            card.period,
            card.ruleId,
            card.issuedAt,
            staff.id,
          ],
        });
        if (platform.webhookUrl) {
          await enqueueWebhook(tx, {
            platformId,
            type: 'card.issued',
            subjectId: card.id,
            data: card,
            at: now,
          });
        }
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'platform.card_issued',
          subject: { type: 'platform', id: platformId },
          details: { cardId: card.id, color: card.color, period: card.period, ruleId: card.ruleId },
        });
        return card;
      });
    },

    async listPlatformCards(
      platformId: string,
      query: { cursor?: string; limit?: number },
    ): Promise<{ items: PlatformCard[]; nextCursor: string | null }> {
      await requirePlatformRecord(ctx.db, platformId);
      const limit = query.limit ?? 50;
      const before = query.cursor ? decodeSeqCursor('platform_cards', query.cursor) : null;
      const rows = (
        await ctx.db.execute({
          sql: `SELECT *, rowid AS seq FROM platform_cards WHERE platform_id = ? ${before === null ? '' : 'AND rowid < ?'}
                ORDER BY rowid DESC LIMIT ?`,
          args: before === null ? [platformId, limit + 1] : [platformId, before, limit + 1],
        })
      ).rows;
      const items = rows.slice(0, limit).map(rowToCard);
      return {
        items,
        nextCursor: rows.length > limit ? encodeSeqCursor('platform_cards', rows[limit - 1]!.seq) : null,
      };
    },
  };
}
export type ScorecardService = ReturnType<typeof createScorecardService>;
