import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env-reader.js';
import { createTestApp } from '../testing/test-app.js';
import { FUZHOU_2019_ONLINE_CATERING, SAMR_2021 } from './reward-profiles.js';
import { checkRewardRules, loadRewardSettings } from './reward-settings.js';

const load = (env: Record<string, string>) => loadRewardSettings({ rawEnv: env });

describe('reward settings', () => {
  it('ships valid profiles and defaults to SAMR 2021 in China time', () => {
    expect(checkRewardRules(SAMR_2021)).toEqual([]);
    expect(checkRewardRules(FUZHOU_2019_ONLINE_CATERING)).toEqual([]);
    const settings = load({});
    expect(settings.rules.id).toBe('samr-2021');
    expect(settings.calendar.offsetMinutes).toBe(480);
    expect(load({ REWARD_PROFILE: 'fuzhou-2019-online-catering' }).rules.perCaseCapFen).toBe(50_000_000);
  });

  it("loads a deployment's own profile file and its holidays", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-rules-'));
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ ...SAMR_2021, id: 'xiamen-2026', perCaseCapFen: 30_000_000 }));
    const settings = load({
      REWARD_PROFILE_FILE: file,
      REWARD_HOLIDAYS: '2026-10-01, 2026-10-02',
      REWARD_EXTRA_WORKING_DAYS: '2026-10-10',
    });
    expect(settings.rules).toMatchObject({ id: 'xiamen-2026', perCaseCapFen: 30_000_000 });
    expect([...settings.calendar.holidays]).toEqual(['2026-10-01', '2026-10-02']);
    expect(settings.calendar.extraWorkingDays.has('2026-10-10')).toBe(true);
  });

  it('refuses a bad profile file at start-up, listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-rules-'));
    const file = join(dir, 'rules.json');
    const levels = [
      { ...SAMR_2021.levels[0]!, percentBasisPoints: 12_000 },
      { ...SAMR_2021.levels[0]!, minimumFen: 1.5 },
    ];
    writeFileSync(file, JSON.stringify({ ...SAMR_2021, levels, perCaseCapFen: -1 }));
    const error = (() => {
      try {
        load({ REWARD_PROFILE_FILE: file, REWARD_HOLIDAYS: '2026-13-45x', REWARD_TIME_ZONE: 'Mars' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toContain('#/levels/0/percentBasisPoints');
    expect(text).toContain('#/levels/1/minimumFen');
    expect(text).toContain('#/perCaseCapFen');
    expect(text).toContain('REWARD_HOLIDAYS');
    expect(text).toContain('REWARD_TIME_ZONE');
    writeFileSync(file, JSON.stringify({ ...SAMR_2021, levels: [SAMR_2021.levels[0], SAMR_2021.levels[0]] }));
    expect(() => load({ REWARD_PROFILE_FILE: file })).toThrow(/same level number/);
    writeFileSync(file, '{ not json');
    expect(() => load({ REWARD_PROFILE_FILE: file })).toThrow(/cannot be read as JSON/);
    expect(() => load({ REWARD_PROFILE: 'atlantis' })).toThrow(/REWARD_PROFILE must be one of/);
  });

  it('stops the server from starting with a bad profile', async () => {
    await expect(createTestApp({ REWARD_PROFILE: 'atlantis' })).rejects.toThrow(ConfigError);
  });
});
