import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { type FieldError, notFound, unprocessable } from '../problem/problem-error.js';
import type { RiskModelInput } from './default-risk-model.js';
import { isIndicatorId } from './indicator-catalogue.js';
import { checkFeature, FEATURE_NAME, isCategory, MAX_LEVELS, MAX_MULTI_LEVELS } from './risk-features.js';

export type { RiskModelInput };
export type RiskModel = Schema<'RiskModel'>;
export type RiskModelIndicator = Schema<'RiskModelIndicator'>;
export type RiskTier = Schema<'RiskTier'>;

/** A model with every default filled in: what scoring and storage work with. */
export interface NormalisedIndicator extends RiskModelIndicator {
  /** The catalogue indicator's id, or the feature's declared name: what contributions are called. */
  name: string;
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
    let name = entry.name;
    if (entry.feature !== undefined) {
      if (entry.indicator !== undefined)
        errors.push({ pointer: `${at}/indicator`, detail: 'give either a catalogue indicator or a feature' });
      if (name === undefined || !FEATURE_NAME.test(name))
        errors.push({
          pointer: `${at}/name`,
          detail: 'a feature needs a name: lowercase letters, digits and _',
        });
      checkFeature(entry.feature, `${at}/feature`, errors);
    } else if (!isIndicatorId(String(entry.indicator))) {
      errors.push({ pointer: `${at}/indicator`, detail: 'is not an indicator of the catalogue' });
    } else if (name !== undefined && name !== entry.indicator) {
      errors.push({ pointer: `${at}/name`, detail: 'a catalogue indicator is named by its id' });
    }
    name ??= String(entry.indicator);
    if (seen.has(name)) {
      errors.push({ pointer: `${at}/${entry.feature ? 'name' : 'indicator'}`, detail: 'appears twice' });
    }
    seen.add(name);
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
    const category = isCategory(entry.feature);
    if (category) {
      if (transform !== 'identity')
        errors.push({ pointer: `${at}/transform`, detail: 'a category feature takes no transform' });
      if (scale !== 1) errors.push({ pointer: `${at}/scale`, detail: 'a category feature has no scale' });
      const max = entry.feature?.type === 'categories' ? MAX_MULTI_LEVELS : MAX_LEVELS;
      const levels = entry.levels ?? [];
      if (levels.length > max)
        errors.push({ pointer: `${at}/levels`, detail: `at most ${max} levels for this feature` });
      const values = new Set<string>();
      for (const [k, level] of levels.entries()) {
        if (typeof level.value !== 'string' || values.has(level.value))
          errors.push({
            pointer: `${at}/levels/${k}/value`,
            detail: 'must be a text value, each level once',
          });
        values.add(level.value);
        finite(level.weight, `${at}/levels/${k}/weight`, MAX_WEIGHT);
      }
      if (entry.otherWeight !== undefined) finite(entry.otherWeight, `${at}/otherWeight`, MAX_WEIGHT);
      if (entry.minCount !== undefined && !(Number.isInteger(entry.minCount) && entry.minCount >= 1))
        errors.push({ pointer: `${at}/minCount`, detail: 'must be a whole number ≥ 1' });
    } else if (
      entry.levels !== undefined ||
      entry.otherWeight !== undefined ||
      entry.minCount !== undefined
    ) {
      errors.push({
        pointer: `${at}/levels`,
        detail: 'levels, otherWeight and minCount are for category features',
      });
    }
    indicators.push({
      ...entry,
      name,
      transform,
      center,
      scale,
      ...(category && { levels: entry.levels ?? [], otherWeight: entry.otherWeight ?? 0 }),
    });
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
  return rowToModel(row);
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
      return { model: rowToModel(current), created: false };
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
