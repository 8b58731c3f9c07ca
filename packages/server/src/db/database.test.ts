import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const tempDbUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'ezhili-db-')), 'test.db')}`;

describe('Database', () => {
  it('runs concurrent writes beside an open transaction without deadlocking', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE counter (n INTEGER)');
    const slowTransaction = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO counter VALUES (1)');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.execute('INSERT INTO counter VALUES (2)');
    });
    const plainWrite = db.execute('INSERT INTO counter VALUES (3)');
    const started = Date.now();
    await Promise.all([slowTransaction, plainWrite]);
    expect(Date.now() - started).toBeLessThan(2000);
    const rows = await db.execute('SELECT n FROM counter ORDER BY rowid');
    expect(rows.rows.map((row) => row.n)).toEqual([1, 2, 3]);
    db.close();
  });

  it('keeps one connection through exclusive work while other writes and transactions wait', async () => {
    const db = await openDatabase(tempDbUrl());
    const other = tempDbUrl().slice('file:'.length);
    await db.execute('CREATE TABLE log (n INTEGER)');
    const order: string[] = [];
    const exclusive = db.exclusive(async (conn) => {
      await conn.execute({ sql: 'ATTACH ? AS other', args: [other] });
      await conn.execute('CREATE TABLE other.t (n INTEGER)');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Still attached: no transaction moved the client to a fresh connection meanwhile.
      await conn.execute('INSERT INTO other.t VALUES (1)');
      await conn.execute('INSERT INTO log SELECT n FROM other.t');
      await conn.execute('DETACH other');
      order.push('exclusive');
    });
    const transaction = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO log VALUES (2)');
      order.push('transaction');
    });
    const write = db.execute('INSERT INTO log VALUES (3)').then(() => order.push('write'));
    await Promise.all([exclusive, transaction, write]);
    expect(order).toEqual(['exclusive', 'transaction', 'write']);
    expect((await db.execute('SELECT n FROM log ORDER BY rowid')).rows.map((row) => row.n)).toEqual([
      1, 2, 3,
    ]);
    db.close();
  });

  it('runs transactions on one lasting writer connection, unseen by reads until they commit', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    // A TEMP table lives on one connection only: the second transaction finds it, so no
    // transaction left for a fresh connection (the driver's own transaction() would).
    await db.transaction(async (tx) => {
      await tx.execute('CREATE TEMP TABLE seen (n INTEGER)');
    });
    await db.transaction(async (tx) => {
      await tx.execute('INSERT INTO seen VALUES (1)');
      await tx.execute('INSERT INTO t VALUES (1)');
      // Meanwhile a read (another request) sees the last committed state only.
      expect((await db.execute('SELECT count(*) AS c FROM t')).rows[0]?.c).toBe(0);
      await tx.batch(['INSERT INTO t VALUES (2)', 'INSERT INTO t VALUES (3)']);
    });
    expect((await db.execute('SELECT count(*) AS c FROM t')).rows[0]?.c).toBe(3);
    db.close();
  });

  it('rolls a transaction back when its work throws', async () => {
    const db = await openDatabase(tempDbUrl());
    await db.execute('CREATE TABLE t (n INTEGER)');
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO t VALUES (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.execute('SELECT count(*) AS c FROM t')).rows[0]?.c).toBe(0);
    db.close();
  });

  it('keeps the database file readable by its owner only', async () => {
    const url = tempDbUrl();
    const db = await openDatabase(url);
    await db.execute('CREATE TABLE t (n INTEGER)');
    const { statSync } = await import('node:fs');
    const path = url.slice('file:'.length);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('keeps the synchronous setting on the fresh connection after a transaction', async () => {
    const db = await openDatabase(tempDbUrl(), { synchronous: 'normal' });
    const level = async () => Number((await db.execute('PRAGMA synchronous')).rows[0]?.[0]);
    expect(await level()).toBe(1);
    await db.transaction(async (tx) => {
      await tx.execute('CREATE TABLE t (n INTEGER)');
    });
    expect(await level()).toBe(1);
    const full = await openDatabase(tempDbUrl());
    expect(Number((await full.execute('PRAGMA synchronous')).rows[0]?.[0])).toBe(2);
    db.close();
    full.close();
  });

  it('uses WAL on embedded files', async () => {
    const db = await openDatabase(tempDbUrl());
    const mode = await db.execute('PRAGMA journal_mode');
    expect(String(mode.rows[0]?.[0])).toBe('wal');
    db.close();
  });
});
