import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyUri, scorePagesInWorkers } from './risk-score-workers.js';

/**
 * The worker pool on its own, over a small database: pages go to whichever worker is free, each
 * page's scores land in the scratch file of the worker that scored it, and a worker's error
 * fails the whole job. The real database is attached read-only.
 */
describe('scorePagesInWorkers', () => {
  let dir: string;
  let dbPath: string;
  const select = `SELECT id AS key, value * ?3 AS score, CASE WHEN value > 5 THEN 'D' ELSE 'A' END AS tier,
      ?4 AS detail FROM items WHERE id > ?1 AND id <= ?2`;
  const pages = [
    ['', 'k03'],
    ['k03', 'k06'],
    ['k06', 'k09'],
    ['k09', 'k10'],
  ] as const;

  /** A WAL database with items k01–k10, valued 1–10. */
  async function createSource(path: string): Promise<void> {
    const client = createClient({ url: `file:${path}` });
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('CREATE TABLE items (id TEXT PRIMARY KEY, value REAL NOT NULL)');
    for (let i = 1; i <= 10; i++) {
      await client.execute({
        sql: 'INSERT INTO items VALUES (?, ?)',
        args: [`k${String(i).padStart(2, '0')}`, i],
      });
    }
    client.close();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ezhili-risk-workers-'));
    dbPath = join(dir, 'source.db');
    await createSource(dbPath);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function job(scratchDir: string, overrides: Partial<Parameters<typeof scorePagesInWorkers>[0]> = {}) {
    return {
      dbPath,
      scratchDir,
      select,
      asOfDay: 2,
      asOf: '2026-06-01',
      pages,
      workers: 2,
      cacheKib: 1024,
      mmapBytes: 0,
      ...overrides,
    };
  }

  it('scores every page into the scratch file of the worker that took it', async () => {
    const scratchDir = mkdtempSync(join(dir, 'scratch-'));
    const result = await scorePagesInWorkers(job(scratchDir));
    expect(result.scored).toBe(10);
    expect(result.owners).toHaveLength(pages.length);
    expect(new Set(result.owners).size).toBeLessThanOrEqual(2);
    const rows: Record<string, unknown>[] = [];
    for (const [index, owner] of result.owners.entries()) {
      const scratch = createClient({ url: `file:${owner}` });
      const [lo, hi] = pages[index]!;
      const page = await scratch.execute({
        sql: 'SELECT shop_id, score, tier, detail FROM scores WHERE shop_id > ? AND shop_id <= ? ORDER BY shop_id',
        args: [lo, hi],
      });
      rows.push(...page.rows.map((row) => ({ ...row })));
      scratch.close();
    }
    expect(rows.map((row) => row.shop_id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`),
    );
    expect(rows[6]).toEqual({ shop_id: 'k07', score: 14, tier: 'D', detail: '2026-06-01' });
  });

  it('uses no more workers than there are pages', async () => {
    const scratchDir = mkdtempSync(join(dir, 'scratch-'));
    const result = await scorePagesInWorkers(job(scratchDir, { workers: 8, pages: pages.slice(0, 1) }));
    expect(result.scored).toBe(3);
    expect(readdirSync(scratchDir)).toEqual(['scores-0.db']);
  });

  it('fails as a whole when a worker fails', async () => {
    const scratchDir = mkdtempSync(join(dir, 'scratch-'));
    await expect(
      scorePagesInWorkers(
        job(scratchDir, { select: 'SELECT * FROM no_such_table WHERE ?1 < ?2 AND ?3 AND ?4' }),
      ),
    ).rejects.toThrow(/risk worker: .*no such table/);
  });

  it('attaches the real database read-only, with spaces and quotes in its path', async () => {
    const oddDir = mkdtempSync(join(dir, "odd dir it's a&b=c+d-"));
    const oddPath = join(oddDir, 'source.db');
    await createSource(oddPath);
    const result = await scorePagesInWorkers(job(mkdtempSync(join(dir, 'scratch-')), { dbPath: oddPath }));
    expect(result.scored).toBe(10);
    // What a worker attaches: a write through that URI is refused by SQLite.
    const probe = createClient({ url: `file:${join(oddDir, 'probe.db')}` });
    await probe.execute({ sql: 'ATTACH ? AS src', args: [readOnlyUri(oddPath)] });
    await expect(probe.execute('DELETE FROM src.items')).rejects.toThrow(/readonly/i);
    expect((await probe.execute('SELECT count(*) AS n FROM src.items')).rows[0]!.n).toBe(10);
    probe.close();
  });
});
