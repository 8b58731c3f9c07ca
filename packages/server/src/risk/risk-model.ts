import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { type FieldError, notFound, unprocessable } from '../problem/problem-error.js';
import type { RiskModelInput } from './default-risk-model.js';
import { isIndicatorId } from './indicator-catalogue.js';

export type { RiskModelInput };
export type RiskModel = Schema<'RiskModel'>;
export type RiskModelIndicator = Schema<'RiskModelIndicator'>;
export type RiskTier = Schema<'RiskTier'>;

/** A model with every default filled in: what scoring and storage work with. */
export interface NormalisedIndicator extends RiskModelIndicator {
  transform: NonNullable<RiskModelIndicator['transform']>;
  center: number;
  scale: number;
}
export interface NormalisedModel extends RiskModelInput {
  indicators: NormalisedIndicator[];
  leadTier: RiskTier;
}

const MAX_WEIGHT = 50;

/**
 * Checks a model as a whole and fills in defaults. Any problem refuses the whole model (422 with
 * every field error), so a half-valid model can never score a shop.
 */
export function normaliseRiskModel(input: RiskModelInput): NormalisedModel {
  const errors: FieldError[] = [];
  const finite = (value: unknown, pointer: string, bound = Number.POSITIVE_INFINITY) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > bound) {
      errors.push({
        pointer,
        detail: `must be a finite number${bound < Number.POSITIVE_INFINITY ? ` within ±${bound}` : ''}`,
      });
      return false;
    }
    return true;
  };
  finite(input.intercept, '#/intercept', MAX_WEIGHT);
  if (finite(input.halfLifeDays, '#/halfLifeDays') && (input.halfLifeDays < 1 || input.halfLifeDays > 3650)) {
    errors.push({ pointer: '#/halfLifeDays', detail: 'must be between 1 and 3650 days' });
  }
  const seen = new Set<string>();
  const indicators: NormalisedIndicator[] = [];
  if (!Array.isArray(input.indicators) || input.indicators.length === 0) {
    errors.push({ pointer: '#/indicators', detail: 'must list at least one indicator' });
  }
  for (const [i, entry] of (input.indicators ?? []).entries()) {
    const at = `#/indicators/${i}`;
    if (!isIndicatorId(String(entry.indicator))) {
      errors.push({ pointer: `${at}/indicator`, detail: 'is not an indicator of the catalogue' });
    } else if (seen.has(entry.indicator)) {
      errors.push({ pointer: `${at}/indicator`, detail: 'appears twice' });
    }
    seen.add(String(entry.indicator));
    finite(entry.weight, `${at}/weight`, MAX_WEIGHT);
    const transform = entry.transform ?? 'identity';
    if (!['identity', 'log1p', 'sqrt', 'binary', 'cap'].includes(transform)) {
      errors.push({ pointer: `${at}/transform`, detail: 'is not a known transform' });
    }
    if (transform === 'cap') {
      if (finite(entry.cap, `${at}/cap`) && (entry.cap as number) <= 0)
        errors.push({ pointer: `${at}/cap`, detail: 'must be positive' });
    } else if (entry.cap !== undefined) {
      errors.push({ pointer: `${at}/cap`, detail: 'is only used with the cap transform' });
    }
    const center = entry.center ?? 0;
    const scale = entry.scale ?? 1;
    finite(center, `${at}/center`);
    if (finite(scale, `${at}/scale`) && scale <= 0)
      errors.push({ pointer: `${at}/scale`, detail: 'must be positive' });
    indicators.push({ ...entry, transform, center, scale });
  }
  const tiers = input.tiers ?? ({} as RiskModelInput['tiers']);
  const ok = ['B', 'C', 'D'].every((t) => finite(tiers[t as 'B'], `#/tiers/${t}`));
  if (ok && !(tiers.B >= 0 && tiers.B < tiers.C && tiers.C < tiers.D && tiers.D <= 100)) {
    errors.push({ pointer: '#/tiers', detail: 'thresholds must rise: 0 ≤ B < C < D ≤ 100' });
  }
  const leadTier = input.leadTier ?? 'D';
  if (leadTier === 'A') errors.push({ pointer: '#/leadTier', detail: 'must be B, C or D' });
  if (errors.length > 0) {
    throw unprocessable(
      'invalid_risk_model',
      'The risk model was refused as a whole; nothing was stored.',
      errors,
    );
  }
  return { ...input, indicators, leadTier };
}

function rowToModel(row: Record<string, unknown>): RiskModel & NormalisedModel {
  return {
    ...normaliseRiskModel(JSON.parse(String(row.model)) as RiskModelInput),
    version: Number(row.version),
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
  };
}

/** The current model (the newest version), or one version. */
export async function getRiskModel(db: Executor, version?: number): Promise<RiskModel & NormalisedModel> {
  const result =
    version === undefined
      ? await db.execute('SELECT * FROM risk_models ORDER BY version DESC LIMIT 1')
      : await db.execute({ sql: 'SELECT * FROM risk_models WHERE version = ?', args: [version] });
  const row = result.rows[0];
  if (!row) {
    const detail = version === undefined ? 'No risk model is stored.' : `No risk model version ${version}.`;
    throw notFound(detail, 'risk_model_not_found');
  }
  return rowToModel(row as unknown as Record<string, unknown>);
}

/**
 * Stores a model as the next version, with its audit event. An input identical to the current
 * model stores nothing and answers the current version (`created: false`), so a retried PUT is
 * harmless.
 */
export async function putRiskModel(
  ctx: AppContext,
  input: RiskModelInput,
  actor: AuditActor,
): Promise<{ model: RiskModel & NormalisedModel; created: boolean }> {
  const model = normaliseRiskModel(input);
  const stored = JSON.stringify(model);
  return ctx.db.transaction(async (tx) => {
    const current = (await tx.execute('SELECT * FROM risk_models ORDER BY version DESC LIMIT 1')).rows[0];
    if (current && String(current.model) === stored) {
      return { model: rowToModel(current as unknown as Record<string, unknown>), created: false };
    }
    const version = current ? Number(current.version) + 1 : 1;
    const createdAt = ctx.clock.now().toISOString();
    const createdBy = `${actor.type}:${actor.id}`;
    await tx.execute({
      sql: 'INSERT INTO risk_models (version, model, created_at, created_by) VALUES (?, ?, ?, ?)',
      args: [version, stored, createdAt, createdBy],
    });
    await ctx.audit.appendWithin(tx, {
      actor,
      action: 'risk.model.put',
      subject: { type: 'risk_model', id: String(version) },
      details: { indicators: model.indicators.length, calibrated: model.calibration !== undefined },
    });
    return { model: { ...model, version, createdAt, createdBy }, created: true };
  });
}
