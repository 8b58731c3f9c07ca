import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { applyMigrations } from './migrations.js';

const tempDbUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'ezhili-mig-')), 'test.db')}`;

describe('applyMigrations', () => {
  it('applies each migration once, in order', async () => {
    const db = await openDatabase(tempDbUrl());
    const modules = [
      {
        module: 'things',
        migrations: [
          { id: '0002_more', statements: ['ALTER TABLE things ADD COLUMN size INTEGER'] },
          { id: '0001_init', statements: ['CREATE TABLE things (id TEXT PRIMARY KEY)'] },
        ],
      },
    ];
    expect(await applyMigrations(db, modules)).toEqual(['things/0001_init', 'things/0002_more']);
    expect(await applyMigrations(db, modules)).toEqual([]);
    await db.execute("INSERT INTO things (id, size) VALUES ('a', 1)");
    db.close();
  });

  it('leaves no trace of a failed migration', async () => {
    const db = await openDatabase(tempDbUrl());
    const broken = [
      {
        module: 'x',
        migrations: [{ id: '0001', statements: ['CREATE TABLE x (id TEXT)', 'NOT SQL AT ALL'] }],
      },
    ];
    await expect(applyMigrations(db, broken)).rejects.toThrow(/x\/0001/);
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'x'");
    expect(tables.rows).toHaveLength(0);
    const ledger = await db.execute('SELECT * FROM schema_migrations');
    expect(ledger.rows).toHaveLength(0);
    db.close();
  });
});
