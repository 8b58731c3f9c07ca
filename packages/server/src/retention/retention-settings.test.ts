import { describe, expect, it } from 'vitest';
import { ConfigError, readSettings } from '../config/module-settings.js';
import { RETENTION_SETTINGS } from './retention-settings.js';

describe('RETENTION_SETTINGS', () => {
  it('defaults to the documented periods (docs/retention.md)', () => {
    expect(readSettings(RETENTION_SETTINGS, { rawEnv: {} })).toEqual({
      days: {
        evidence_originals: 365,
        messages: 365,
        identities: 365,
        evidence_copies: 1095,
        closed_cases: 3650,
        audit_events: 3650,
      },
      runEveryHours: 24,
    });
  });

  it('refuses periods out of range or out of order, naming each', () => {
    const read = () =>
      readSettings(RETENTION_SETTINGS, {
        rawEnv: {
          RETENTION_MESSAGES_DAYS: '0',
          RETENTION_EVIDENCE_ORIGINALS_DAYS: '2000',
          RETENTION_IDENTITIES_DAYS: '4000',
        },
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('RETENTION_MESSAGES_DAYS must be an integer from 1 to 36500');
      expect(problems).toContain(
        'RETENTION_EVIDENCE_ORIGINALS_DAYS (2000) must not exceed RETENTION_EVIDENCE_COPIES_DAYS',
      );
      expect(problems).toContain(
        'RETENTION_IDENTITIES_DAYS (4000) must not exceed RETENTION_CLOSED_CASES_DAYS',
      );
    }
  });
});
