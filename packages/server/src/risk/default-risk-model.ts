import type { Schema } from '@ezhili/contract';

export type RiskModelInput = Schema<'RiskModelInput'>;

/**
 * Version 1 of the model, a preset indicator system in the spirit of Fuzhou's: weights set by
 * hand (log-odds per unit), meant to be replaced by a calibrated model (`ezhili risk
 * calibrate --save`) once inspection history is loaded.
 */
export const DEFAULT_RISK_MODEL: RiskModelInput = {
  name: 'Preset indicator system',
  description: 'Hand-set weights; calibrate on local inspection history before relying on it.',
  intercept: -2.5,
  halfLifeDays: 365,
  indicators: [
    { indicator: 'critical_recent', weight: 0.9, transform: 'log1p' },
    { indicator: 'serious_recent', weight: 0.4, transform: 'log1p' },
    { indicator: 'minor_recent', weight: 0.1, transform: 'log1p' },
    { indicator: 'last_critical', weight: 0.6, transform: 'binary' },
    { indicator: 'last_score_deficit', weight: 0.04 },
    { indicator: 'inspection_count', weight: 0, transform: 'log1p' },
    { indicator: 'days_since_inspection', weight: 0.4, transform: 'cap', cap: 730, scale: 365 },
    { indicator: 'never_inspected', weight: 0.5 },
    { indicator: 'licence_missing', weight: 1.5 },
    { indicator: 'licence_expired', weight: 1.2 },
    { indicator: 'complaint_count', weight: 0.4, transform: 'log1p' },
    { indicator: 'tip_count', weight: 0.6, transform: 'log1p' },
    { indicator: 'confirmed_violations', weight: 0.8, transform: 'log1p' },
    { indicator: 'prior_takedowns', weight: 1.0, transform: 'log1p' },
    { indicator: 'rating_deficit', weight: 0.3 },
  ],
  tiers: { B: 25, C: 50, D: 75 },
  leadTier: 'D',
};
