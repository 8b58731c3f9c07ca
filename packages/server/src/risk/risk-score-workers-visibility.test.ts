import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.js';
import { scorePagesInWorkers } from './risk-score-workers.js';

/**
 * Workers read the database from other processes while the server writes it. A worker must see
 * every write committed before it read, and its reading must never cost the server a write (an
 * earlier design with workers that wrote lost committed rows; see docs/scaling.md). Here the
 * server's connection commits transactions without pause while workers keep reading.
 */
describe('risk workers beside a writing server', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ezhili-risk-visibility-'));
    db = await openDatabase(`file:${join(dir, 'server.db')}`, { synchronous: 'normal' });
    await db.execute(
      'CREATE TABLE items (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, payload TEXT NOT NULL)',
    );
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = async () => Number((await db.execute('SELECT count(*) AS n FROM items')).rows[0]!.n);

  it('sees every committed write and loses none', async () => {
    let writing = true;
    let batches = 0;
    const writer = (async () => {
      while (writing) {
        const batch = ++batches;
        // Transactions, as the server writes: the driver moves to a fresh connection after each.
        await db.transaction(async (tx) => {
          // 40 KB a transaction: the WAL passes SQLite's auto-checkpoint (4 MB) during the test.
          for (let i = 0; i < 20; i++) {
            await tx.execute({
              sql: 'INSERT INTO items (batch, payload) VALUES (?, ?)',
              args: [batch, 'x'.repeat(2000)],
            });
          }
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const select = `SELECT ?1 || '-' || ?2 AS key, (SELECT count(*) FROM items) AS score, 'A' AS tier,
        ?4 AS detail WHERE ?3 = ?3`;
    let roundsWithWrites = 0;
    for (let round = 0; round < 6; round++) {
      const before = await committed();
      const scratchDir = mkdtempSync(join(dir, 'scratch-'));
      const { owners } = await scorePagesInWorkers({
        dbPath: db.filePath!,
        scratchDir,
        select,
        asOfDay: round,
        asOf: 'x',
        pages: Array.from({ length: 6 }, (_, i) => [String(round), String(i)] as const),
        workers: 2,
        cacheKib: 1024,
        mmapBytes: 0,
      });
      const after = await committed();
      if (after > before) roundsWithWrites++;
      for (const file of new Set(owners)) {
        const scratch = createClient({ url: `file:${file}` });
        for (const row of (await scratch.execute('SELECT score FROM scores')).rows) {
          expect(Number(row.score)).toBeGreaterThanOrEqual(before);
          expect(Number(row.score)).toBeLessThanOrEqual(after);
        }
        scratch.close();
      }
      rmSync(scratchDir, { recursive: true, force: true });
    }
    writing = false;
    await writer;
    expect(roundsWithWrites).toBeGreaterThan(3);
    // More than the auto-checkpoint's 1,000 pages of 4 KB were written while workers read.
    expect(batches * 20 * 2000).toBeGreaterThan(4_096_000);

    // Every committed row is there, for this connection and for one opened afterwards.
    expect(await committed()).toBe(batches * 20);
    const fresh = createClient({ url: `file:${db.filePath}` });
    expect(Number((await fresh.execute('SELECT count(*) AS n FROM items')).rows[0]!.n)).toBe(batches * 20);
    fresh.close();
  });
});
