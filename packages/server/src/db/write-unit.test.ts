import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const tempDbUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'ezhili-unit-')), 'test.db')}`;
const values = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
  (await db.execute('SELECT n FROM t ORDER BY n')).rows.map((row) => row.n);

describe('WriteUnit', () => {
  it('joins every write of its work into one transaction, unseen by others until it finishes', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    const unit = db.openUnit();
    const seenInside = await db.within(unit, async () => {
      await db.execute('INSERT INTO t VALUES (1)');
      await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO t VALUES (2)');
      });
      await db.batch(['INSERT INTO t VALUES (3)']);
      return values(db);
    });
    expect(seenInside).toEqual([1, 2, 3]);
    expect(await values(db)).toEqual([]);
    expect(
      await unit.finish(async (tx) => (await tx.execute('INSERT INTO t VALUES (4)')).rowsAffected === 1),
    ).toBe(true);
    expect(await values(db)).toEqual([1, 2, 3, 4]);
    db.close();
  });

  it('rolls back everything when its last step says no, and runs the abandon hooks', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    const unit = db.openUnit();
    const events: string[] = [];
    await db.within(unit, async () => {
      await db.execute('INSERT INTO t VALUES (1)');
      await db.afterCommit(
        async () => void events.push('committed'),
        async () => void events.push('abandoned'),
      );
    });
    expect(events).toEqual([]);
    expect(await unit.finish(async () => false)).toBe(false);
    expect(events).toEqual(['abandoned']);
    expect(await values(db)).toEqual([]);
    db.close();
  });

  it("rolls back only a failing transaction's own part", async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    const unit = db.openUnit();
    await db.within(unit, async () => {
      await db.execute('INSERT INTO t VALUES (1)');
      await expect(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO t VALUES (2)');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
    });
    await unit.finish();
    expect(await values(db)).toEqual([1]);
    db.close();
  });

  it('holds other writers only from its first write, and lets them go at commitSoFar', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    const unit = db.openUnit();
    let outside: Promise<unknown> | undefined;
    await db.within(unit, async () => {
      await db.execute('INSERT INTO t VALUES (1)');
      outside = db.detached(() => db.execute('INSERT INTO t VALUES (10)'));
      await db.commitSoFar();
      await outside;
      await db.execute('INSERT INTO t VALUES (2)');
    });
    expect(await values(db)).toEqual([1, 10]);
    await unit.finish();
    expect(await values(db)).toEqual([1, 2, 10]);
    // Ended: a late write of the same context runs on its own.
    await db.within(unit, () => db.execute('INSERT INTO t VALUES (3)'));
    expect(await values(db)).toEqual([1, 2, 3, 10]);
    db.close();
  });

  it('writes its checkpoint with each commitSoFar, in the transaction it commits', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    const unit = db.openUnit();
    unit.onCommitSoFar(async (tx) => {
      await tx.execute('INSERT INTO t VALUES (100)');
    });
    await db.within(unit, async () => {
      await db.commitSoFar(); // nothing written yet: nothing to commit, no checkpoint
      await db.execute('INSERT INTO t VALUES (1)');
      await db.commitSoFar();
    });
    expect(await values(db)).toEqual([1, 100]);
    await unit.abandon();
    expect(await values(db)).toEqual([1, 100]);
    db.close();
  });
});
