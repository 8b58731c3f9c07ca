import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.js';
import { type Database, openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { AuditLog } from './audit-log.js';
import { auditMigrations } from './audit-migrations.js';

describe('AuditLog', () => {
  let db: Database;
  let audit: AuditLog;

  beforeEach(async () => {
    db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'ezhili-audit-')), 'a.db')}`);
    await applyMigrations(db, [auditMigrations]);
    audit = new AuditLog(db, createManualClock());
    for (let i = 0; i < 5; i++) {
      await audit.append({
        actor: { type: 'staff', id: `stf_${i}` },
        action: 'case.read',
        subject: { type: 'case', id: `case_${i}` },
        details: { i },
      });
    }
  });

  it('chains events and verifies an intact log', async () => {
    const events = await audit.list();
    expect(events.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(events[0]?.prevHash).toBe(events[1]?.hash);
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 5 });
  });

  it('detects an altered event', async () => {
    await db.execute(`UPDATE audit_events SET details = '{"i":99}' WHERE seq = 3`);
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('detects a deleted event in the middle', async () => {
    await db.execute('DELETE FROM audit_events WHERE seq = 2');
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });

  it('detects the newest event being deleted', async () => {
    await db.execute('DELETE FROM audit_events WHERE seq = 5');
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 5 });
  });

  it('commits an event with the caller’s transaction, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await audit.appendWithin(tx, { actor: { type: 'system', id: 'system' }, action: 'x' });
        throw new Error('decision failed');
      }),
    ).rejects.toThrow();
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 5 });
  });
});
