import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../app/create-app-context.js';
import { loadConfig } from '../config/config.js';
import { createMemoryLogger } from '../logging/logger.js';
import { startEvidenceHousekeeping, sweepIncomingEvidence } from './evidence-housekeeping.js';

const noBlobs = { isRecorded: async () => false, deleteBlobs: async () => undefined };

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
    expect(await sweepIncomingEvidence(dir, now, noBlobs)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(await sweepIncomingEvidence(join(dir, 'missing'), now, noBlobs)).toBe(0);
  });

  it("removes a dead process's files at once, and the blobs of its evidence that never got a row", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-incoming-'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const name = (pid: number, id: string, suffix: string) => join(dir, `${host}~${pid}~${id}.${suffix}`);
    const files = [
      name(dead, 'evd_a', 'upload'),
      name(dead, 'evd_a', 'pending'),
      name(dead, 'evd_b', 'pending'),
      name(process.pid, 'evd_c', 'jpg'),
      name(process.pid, 'evd_c', 'pending'),
    ];
    // A fixed clock and file times set to it: the kernel's file times ignore a shifted test
    // clock (faketime), so the live process's fresh files must not look old.
    const now = Date.parse('2026-01-05T08:00:00Z');
    for (const file of files) {
      writeFileSync(file, '');
      utimesSync(file, new Date(now - 1000), new Date(now - 1000));
    }
    const deleted: string[] = [];
    const removed = await sweepIncomingEvidence(dir, now, {
      isRecorded: async (id) => id === 'evd_b',
      deleteBlobs: async (id) => {
        deleted.push(id);
      },
    });
    expect(removed).toBe(3);
    // evd_a never got its row: its blobs go; evd_b committed: its blobs stay, only the marker goes.
    expect(deleted).toEqual(['evd_a']);
    expect(files.map((file) => existsSync(file))).toEqual([false, false, false, true, true]);
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
