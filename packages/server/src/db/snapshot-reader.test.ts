import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';
import { openSnapshotReader } from './snapshot-reader.js';

describe('openSnapshotReader', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'ezhili-snapshot-')), 'db.sqlite')}`);
    await db.execute('CREATE TABLE items (n INTEGER PRIMARY KEY, blob BLOB, label TEXT)');
    await db.execute(
      `INSERT INTO items WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100)
       SELECT i, randomblob(4), '第' || i FROM s`,
    );
  });
  afterAll(() => db.close());

  for (const via of ['child-process', 'read-transaction'] as const) {
    it(`keeps one snapshot while others write (${via})`, async () => {
      const reader = await openSnapshotReader(db, { via });
      try {
        const before = await reader.all('SELECT count(*) AS n FROM items');
        await db.execute("INSERT INTO items (label) VALUES ('later')");
        await db.transaction(async (tx) => {
          await tx.execute('DELETE FROM items WHERE n <= 10');
        });
        expect(await reader.all('SELECT count(*) AS n FROM items')).toEqual(before);
        const [first] = await reader.all('SELECT n, blob, label FROM items WHERE n = ?', [50]);
        expect(first).toMatchObject({ label: '第50' });
        expect(Buffer.isBuffer(first!.blob)).toBe(true);
        expect((first!.blob as Buffer).length).toBe(4);
        await expect(reader.all('SELECT * FROM nowhere')).rejects.toThrow(/no such table/);
        // Still usable after a failed statement.
        expect(await reader.all('SELECT count(*) AS n FROM items')).toEqual(before);
      } finally {
        await reader.close();
      }
      const fresh = await openSnapshotReader(db, { via });
      try {
        expect((await fresh.all('SELECT min(n) AS n FROM items'))[0]!.n).toBe(11);
      } finally {
        await fresh.close();
      }
    });
  }

  it('cannot write through a child-process snapshot', async () => {
    const reader = await openSnapshotReader(db);
    try {
      await expect(reader.all("INSERT INTO items (label) VALUES ('no') RETURNING n")).rejects.toThrow(
        /readonly|read-only/i,
      );
    } finally {
      await reader.close();
    }
  });
});
