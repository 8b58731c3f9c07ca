import {
  type EvidenceIntake,
  type MultipartEvidenceLimits,
  readMultipartEvidence,
} from '../evidence/multipart-evidence.js';
import type { TipSubmission } from './tip-service.js';

export type { EvidenceIntake } from '../evidence/multipart-evidence.js';
export type MultipartTipLimits = MultipartEvidenceLimits;

/**
 * Reads a `multipart/form-data` tip as it streams in: the `tip` part is JSON validated against
 * the contract's `TipSubmission`, each `evidence` part goes straight into the evidence intake
 * (see `readMultipartEvidence`). `precheck` runs as soon as the tip part arrives (send it
 * first), so a tip that will be refused (unknown district, category) stops storing files early.
 */
export async function readMultipartTip<Stored extends { id: string }>(
  request: Request,
  options: {
    limits: MultipartTipLimits;
    intake: EvidenceIntake<Stored>;
    precheck: (tip: TipSubmission) => Promise<unknown>;
  },
): Promise<{ tip: TipSubmission; evidence: Stored[] }> {
  const { value, evidence } = await readMultipartEvidence<TipSubmission, Stored>(request, {
    part: 'tip',
    schema: 'TipSubmission',
    ...options,
  });
  return { tip: value, evidence };
}
