import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../app/create-app-context.js';
import { loadConfig } from '../config/config.js';
import { createMemoryLogger } from '../logging/logger.js';
import { startEvidenceHousekeeping, sweepIncomingEvidence } from './evidence-housekeeping.js';

describe('evidence housekeeping', () => {
  it('removes spooled uploads a crash left behind, and only old ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-incoming-'));
    const stale = join(dir, 'evd_old.upload');
    const fresh = join(dir, 'evd_new.upload');
    writeFileSync(stale, 'unstripped bytes');
    writeFileSync(fresh, 'upload in progress');
    // Both times set here: a file's own time comes from the kernel, which a shifted test clock
    // (faketime) does not move.
    const now = Date.parse('2026-01-05T08:00:00Z');
    utimesSync(stale, new Date(now - 2 * 3600_000), new Date(now - 2 * 3600_000));
    utimesSync(fresh, new Date(now - 60_000), new Date(now - 60_000));
    expect(await sweepIncomingEvidence(dir, now)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(await sweepIncomingEvidence(join(dir, 'missing'), now)).toBe(0);
  });

  it('refuses a production start without evidence.key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-evidence-prod-'));
    const test = loadConfig({ EZHILI_ENV: 'test', DATA_DIR: dataDir });
    const ctx = await createAppContext(test, { logger: createMemoryLogger().logger });
    try {
      // Outside production the key is created on first start, and the sweep runs.
      mkdirSync(join(dataDir, 'evidence-incoming'), { recursive: true });
      const task = startEvidenceHousekeeping(ctx);
      expect(existsSync(join(test.keysDir, 'evidence.key'))).toBe(true);
      await task.stop();
      const production = { ...test, env: 'production' as const, keysDir: join(dataDir, 'other-keys') };
      expect(() => startEvidenceHousekeeping({ ...ctx, config: production })).toThrow(/ezhili secrets init/);
    } finally {
      ctx.db.close();
    }
  });
});
