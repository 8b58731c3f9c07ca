import { isAbsolute, resolve } from 'node:path';
import { defineSettings } from '../config/module-settings.js';

export interface AuditingSettings {
  /** Hours between scheduled verifications that sign a checkpoint; 0 turns the schedule off. */
  checkpointEveryHours: number;
  /** Days between scheduled full verifications (the others are incremental); 0: never scheduled. */
  fullVerificationEveryDays: number;
  /** Where every signed checkpoint is appended (JSON lines), or null for nowhere. */
  checkpointFile: string | null;
  /** Where every signed checkpoint is POSTed (JSON), if anywhere. */
  checkpointWebhookUrl: string | undefined;
}

/**
 * Where the audit chain's head is anchored outside the database, and how often
 * (`ctx.settings.of(AUDITING_SETTINGS)`). The file is on by default (beside the database unless
 * moved): put it where the database's administrators cannot write, e.g. an append-only mount,
 * or send checkpoints to a webhook another party keeps.
 */
export const AUDITING_SETTINGS = defineSettings('auditing', (read, base): AuditingSettings => {
  const file = read.string('AUDIT_CHECKPOINT_FILE', resolve(base.dataDir, 'audit-checkpoints.jsonl'));
  return {
    checkpointEveryHours: read.int('AUDIT_CHECKPOINT_HOURS', 24, { min: 0, max: 24 * 7 }),
    fullVerificationEveryDays: read.int('AUDIT_FULL_VERIFICATION_DAYS', 7, { min: 0, max: 366 }),
    checkpointFile: file === 'off' ? null : isAbsolute(file) ? file : resolve(file),
    checkpointWebhookUrl: read.url('AUDIT_CHECKPOINT_WEBHOOK_URL'),
  };
});
