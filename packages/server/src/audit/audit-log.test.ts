import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.js';
import { type Database, openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import { auditContent, legacyEventHash } from './audit-chain.js';
import { AuditLog } from './audit-log.js';
import { auditMigrations } from './audit-migrations.js';
import {
  deleteAuditEvents,
  rewriteAuditLog,
  tamperAuditAction,
  tamperAuditDetails,
  truncateAuditLog,
} from './audit-test-kit.js';

async function freshDatabase(): Promise<Database> {
  return openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'ezhili-audit-')), 'a.db')}`);
}

describe('AuditLog', () => {
  let db: Database;
  let audit: AuditLog;

  beforeEach(async () => {
    db = await freshDatabase();
    await applyMigrations(db, [auditMigrations]);
    audit = new AuditLog(db, createManualClock('2026-03-01T08:00:00Z'));
    for (let i = 0; i < 5; i++) {
      await audit.append({
        actor: { type: 'staff', id: `stf_${i % 2}` },
        action: i === 4 ? 'staff.login' : 'case.read',
        ...(i < 4 && { subject: { type: 'case', id: `case_${i % 3}` } }),
        details: i === 2 ? { reason: '核查 “quoted”', n: i } : {},
      });
    }
  });

  it('chains events and verifies an intact log, in SQL and in JavaScript alike', async () => {
    const events = await audit.list();
    expect(events.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(events[0]?.prevHash).toBe(events[1]?.hash);
    expect(events[4]).toMatchObject({
      id: 'aud_1',
      at: '2026-03-01T08:00:00.000Z',
      actor: { type: 'staff', id: 'stf_0' },
      action: 'case.read',
      subject: { type: 'case', id: 'case_0' },
      details: {},
      prevHash: '0'.repeat(64),
    });
    expect(events[2]?.details).toEqual({ n: 2, reason: '核查 “quoted”' });
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 5, headSeq: 5, fromSeq: 0 });
    expect(await audit.verify({ hashInJs: true })).toMatchObject({ intact: true, eventsChecked: 5 });
  });

  it('builds the same content in SQL as in JavaScript', async () => {
    const { AUDIT_CONTENT_SQL, AUDIT_EVENT_JOINS } = await import('./audit-chain.js');
    const row = (
      await db.execute(
        `SELECT ${AUDIT_CONTENT_SQL} AS content FROM audit_events e ${AUDIT_EVENT_JOINS} WHERE e.seq = 3`,
      )
    ).rows[0]!;
    expect(row.content).toBe(
      auditContent({
        seq: 3,
        atMs: Date.parse('2026-03-01T08:00:00Z'),
        actorType: 'staff',
        actorId: 'stf_0',
        action: 'case.read',
        subjectType: 'case',
        subjectId: 'case_2',
        details: '{"n":2,"reason":"核查 “quoted”"}',
      }),
    );
  });

  it('lists by subject, subject type and action, newest first, and pages back', async () => {
    expect((await audit.list({ subjectId: 'case_0' })).map((e) => e.seq)).toEqual([4, 1]);
    expect((await audit.list({ subjectType: 'case', limit: 2 })).map((e) => e.seq)).toEqual([4, 3]);
    expect((await audit.list({ subjectType: 'case', beforeSeq: 3 })).map((e) => e.seq)).toEqual([2, 1]);
    expect((await audit.list({ action: 'staff.login' })).map((e) => e.seq)).toEqual([5]);
    expect(await audit.list({ action: 'case.read', subjectId: 'case_1' })).toHaveLength(1);
    expect(await audit.list({ subjectId: 'nothing' })).toEqual([]);
    expect(await audit.list({ action: 'nothing' })).toEqual([]);
  });

  it('detects an altered event', async () => {
    await tamperAuditDetails(db, 3, { i: 99 });
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 3 });
    expect(await audit.verify({ hashInJs: true })).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('detects a changed action', async () => {
    await tamperAuditAction(db, 2, 'staff.nothing');
    expect((await audit.list({ limit: 5 })).find((e) => e.seq === 2)?.action).toBe('staff.nothing');
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });

  it('detects a deleted event in the middle', async () => {
    await deleteAuditEvents(db, 2, 3);
    expect(await audit.verify()).toMatchObject({
      intact: false,
      firstBrokenSeq: 2,
      reason: 'event 2 is missing',
    });
    expect(await audit.verify({ hashInJs: true })).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });

  it('detects the newest event being deleted', async () => {
    await deleteAuditEvents(db, 5);
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 5 });
  });

  it('detects a truncation that moved the head, and a rewrite, only against an anchor kept elsewhere', async () => {
    const anchor = { seq: 5, hash: (await audit.list({ limit: 1 }))[0]!.hash };
    await truncateAuditLog(db, 3);
    expect(await audit.verify()).toMatchObject({ intact: true });
    expect(await audit.verify({ anchors: [anchor] })).toMatchObject({ intact: false, firstBrokenSeq: 4 });

    const other = await freshDatabase();
    await applyMigrations(other, [auditMigrations]);
    const log = new AuditLog(other, createManualClock('2026-03-01T08:00:00Z'));
    for (let i = 0; i < 3; i++)
      await log.append({ actor: { type: 'system', id: 'system' }, action: `x.${i}` });
    const kept = { seq: 2, hash: (await log.list({ limit: 2 }))[1]!.hash, label: 'the checkpoint of today' };
    await rewriteAuditLog(other, (seq, details) => (seq === 1 ? { forged: true } : details));
    expect(await log.verify()).toMatchObject({ intact: true });
    expect(await log.verify({ anchors: [kept] })).toMatchObject({
      intact: false,
      firstBrokenSeq: 2,
      reason: 'event 2 does not match the checkpoint of today: the log was rewritten',
    });
  });

  it('verifies only the events after a checkpoint, and notices the checkpoint itself changed', async () => {
    const events = await audit.list();
    const from = { seq: 3, hash: events.find((e) => e.seq === 3)!.hash };
    expect(await audit.verify({ from })).toMatchObject({ intact: true, eventsChecked: 2, fromSeq: 3 });
    await tamperAuditDetails(db, 1, { edited: true });
    // An edit before the checkpoint is for full runs to find.
    expect(await audit.verify({ from })).toMatchObject({ intact: true });
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 1 });
    await rewriteAuditLog(db, (_seq, details) => details);
    expect(await audit.verify({ from })).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('answers from one snapshot: events written during a verification are not reported missing', async () => {
    for (let i = 0; i < 1500; i++) {
      await audit.append({ actor: { type: 'system', id: 'system' }, action: 'bulk', details: { i } });
    }
    const progress: number[] = [];
    const verifying = audit.verify({ chunkSize: 100, onProgress: (checked) => progress.push(checked) });
    let written = 0;
    let done = false;
    void verifying.finally(() => {
      done = true;
    });
    while (!done) {
      await audit.append({ actor: { type: 'staff', id: 'stf_1' }, action: 'staff.login' });
      written += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const result = await verifying;
    expect(written).toBeGreaterThan(0);
    // The snapshot was taken at the start: it holds the bulk, and not what was written after.
    expect(result).toMatchObject({ intact: true, reason: null });
    expect(result.headSeq).toBeGreaterThanOrEqual(1505);
    expect(result.headSeq).toBeLessThan(1505 + written);
    expect(result.eventsChecked).toBe(result.headSeq);
    expect(progress.at(-1)).toBe(result.headSeq);
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 1505 + written });
  });

  it('tombstones events: their content goes, the chain still verifies', async () => {
    await db.transaction((tx) => audit.tombstoneWithin(tx, [2, 3]));
    const events = await audit.list();
    expect(events.find((e) => e.seq === 3)).toMatchObject({
      action: 'case.read',
      subject: null,
      details: {},
      actor: { type: 'staff', id: '' },
      tombstoned: true,
    });
    expect(JSON.stringify(events)).not.toContain('核查');
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 5 });
    expect(await audit.verify({ hashInJs: true })).toMatchObject({ intact: true });
    // A tombstone cannot launder an edit.
    await tamperAuditDetails(db, 4, { edited: true });
    await expect(db.transaction((tx) => audit.tombstoneWithin(tx, [4]))).rejects.toThrow(/does not verify/);
  });

  it('commits an event with the caller’s transaction, or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await audit.appendWithin(tx, { actor: { type: 'system', id: 'system' }, action: 'x' });
        throw new Error('decision failed');
      }),
    ).rejects.toThrow();
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 5 });
    expect(await audit.list({ action: 'x' })).toEqual([]);
  });
});

describe('events from before the compact format', () => {
  it('keep verifying after the migration, and a later event links to them', async () => {
    const db = await freshDatabase();
    const v1Only = { ...auditMigrations, migrations: auditMigrations.migrations.slice(0, 1) };
    await applyMigrations(db, [v1Only]);
    let prevHash = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const event = {
        seq,
        id: `aud_01HV${seq}`,
        at: `2025-01-0${seq}T10:00:00.123Z`,
        actor: { type: 'staff', id: 'stf_a' },
        action: 'case.read',
        subject: seq === 2 ? null : { type: 'case', id: `case_${seq}` },
        details: seq === 3 ? { z: 1, a: [1, { b: 2 }] } : {},
        prevHash,
      };
      const hash = legacyEventHash(event);
      await db.execute({
        sql: `INSERT INTO audit_events (seq, id, at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          seq,
          event.id,
          event.at,
          'staff',
          'stf_a',
          'case.read',
          event.subject?.type ?? null,
          event.subject?.id ?? null,
          JSON.stringify(event.details),
          prevHash,
          hash,
        ],
      });
      await db.execute({
        sql: `INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?, ?)
              ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
        args: [seq, hash],
      });
      prevHash = hash;
    }
    await applyMigrations(db, [auditMigrations]);
    const audit = new AuditLog(db, createManualClock('2026-01-01T00:00:00Z'));
    await audit.append({
      actor: { type: 'staff', id: 'stf_a' },
      action: 'case.read',
      subject: { type: 'case', id: 'case_1' },
    });
    const events = await audit.list();
    expect(events.map((e) => e.id)).toEqual(['aud_4', 'aud_01HV3', 'aud_01HV2', 'aud_01HV1']);
    expect(events[1]).toMatchObject({ at: '2025-01-03T10:00:00.123Z', details: { z: 1, a: [1, { b: 2 }] } });
    expect(events[0]!.prevHash).toBe(prevHash);
    expect(await audit.verify()).toMatchObject({ intact: true, eventsChecked: 4 });
    await tamperAuditDetails(db, 2, { edited: true });
    expect(await audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });
});
