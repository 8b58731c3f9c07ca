import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperAuditDetails } from '../audit/audit-test-kit.js';
import {
  databaseBytes,
  evidenceBlobs,
  type SeededCase,
  seedClosedCase,
} from '../testing/retention-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { runRetention } from './retention-run.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The deletion job on a real database file and evidence folder, with the app's clock moved past
 * each retention period (the defaults: originals, messages and identities 365 days after closure,
 * copies 1095, cases and audit events 3650). "Deleted" is checked where an attacker with the disk
 * would look: the database file's bytes (and its WAL) and the evidence folder.
 */
describe('runRetention', () => {
  let t: TestApp;
  let gone: SeededCase;
  let held: SeededCase;
  let auditor: string;
  let closedAt: number;
  let payoutEnvelope: string;

  beforeAll(async () => {
    t = await createTestApp();
    gone = await seedClosedCase(t, 1);
    held = await seedClosedCase(t, 2);
    closedAt = t.clock.now().getTime();
    auditor = await t.login('auditor1@demo.local');
    const placed = await t.request(`/cases/${held.caseId}/legal-hold`, {
      token: auditor,
      json: { reason: 'Administrative litigation by the shop (court file 2026-0117).' },
    });
    expect(placed.status).toBe(201);
    payoutEnvelope = String(
      (
        await t.ctx.db.execute({
          sql: 'SELECT payout_envelope FROM reporters WHERE id = ?',
          args: [gone.reporterId],
        })
      ).rows[0]!.payout_envelope,
    );
  }, 60_000);
  afterAll(() => t?.close());

  const count = async (sql: string, ...args: string[]) =>
    Number((await t.ctx.db.execute({ sql, args })).rows[0]!.n);

  it('deletes nothing before its time, and a dry run changes nothing', async () => {
    t.clock.set(new Date(closedAt + 364 * DAY_MS));
    const dry = await runRetention(t.ctx, { trigger: 'cli', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, due: { evidence_originals: 0, messages: 0, identities: 0 } });
    const run = await runRetention(t.ctx, { trigger: 'cli' });
    expect(run).toMatchObject({ dryRun: false, casesAffected: 0, auditSeq: null });
    expect(databaseBytes(t).includes(gone.markers.message)).toBe(true);
  });

  it('after a year: originals, messages and the identity are gone from the file; the held case is whole', async () => {
    t.clock.set(new Date(closedAt + 366 * DAY_MS));
    const blobsBefore = evidenceBlobs(t);
    expect(blobsBefore).toContain(`originals/${gone.evidenceIds[0]}`);
    const dry = await runRetention(t.ctx, { trigger: 'cli', dryRun: true });
    expect(dry).toMatchObject({
      due: { evidence_originals: 1, messages: 2, identities: 1, closed_cases: 0 },
    });
    expect(databaseBytes(t).includes(gone.markers.message)).toBe(true);

    const run = await runRetention(t.ctx, { trigger: 'cli' });
    expect(run).toMatchObject({
      dryRun: false,
      deleted: { evidence_originals: 1, messages: 2, identities: 1, evidence_copies: 0, closed_cases: 0 },
      casesAffected: 1,
    });
    const bytes = databaseBytes(t);
    expect(bytes.includes(gone.markers.message)).toBe(false);
    expect(bytes.includes(payoutEnvelope)).toBe(false);
    expect(bytes.includes(gone.markers.description)).toBe(true); // the case record is kept longer
    expect(await count('SELECT count(*) AS n FROM messages WHERE case_id = ?', gone.caseId)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM reporters WHERE id = ?', gone.reporterId)).toBe(0);
    expect(
      await count(
        'SELECT count(*) AS n FROM reporter_audit_envelopes WHERE reporter_id = ?',
        gone.reporterId,
      ),
    ).toBe(0);
    expect(evidenceBlobs(t)).not.toContain(`originals/${gone.evidenceIds[0]}`);
    expect(evidenceBlobs(t)).toContain(`evidence/${gone.evidenceIds[0]}`);

    // The held case: every row and blob as it was.
    expect(bytes.includes(held.markers.message)).toBe(true);
    expect(await count('SELECT count(*) AS n FROM reporters WHERE id = ?', held.reporterId)).toBe(1);
    expect(evidenceBlobs(t)).toContain(`originals/${held.evidenceIds[0]}`);

    // Audited: counts and identity codes, no reporter data.
    const events = await t.ctx.audit.list({ action: 'retention.deleted' });
    expect(events.map((e) => e.details.category).sort()).toEqual([
      'evidence_originals',
      'identities',
      'messages',
    ]);
    const messagesEvent = events.find((e) => e.details.category === 'messages')!;
    expect(messagesEvent.details).toEqual({ category: 'messages', count: 2, cases: [gone.identityCode] });
    expect(events.find((e) => e.details.category === 'identities')!.details).toEqual({
      category: 'identities',
      count: 1,
    });
    expect(JSON.stringify(events)).not.toContain(gone.reporterId);
    expect(await t.ctx.audit.verify()).toMatchObject({ intact: true });
  });

  it('after ten years: the case and its evidence are gone whole; audit events are tombstoned and the chain verifies', async () => {
    t.clock.set(new Date(closedAt + 3651 * DAY_MS));
    // A staff notification about the case (the notifications module writes these from its sweep).
    await t.ctx.db.execute({
      sql: `INSERT INTO notifications (id, staff_id, kind, dedupe_key, case_id, identity_code, due_date, email_state)
            VALUES ('ntf_1', 'stf_1', 'case_in_queue', 'k1', ?, ?, '2026-01-05', 'off')`,
      args: [gone.caseId, gone.identityCode],
    });
    const run = await runRetention(t.ctx, { trigger: 'cli' });
    expect(run).toMatchObject({ deleted: { evidence_copies: 1, closed_cases: 1 } });
    if (run.dryRun) throw new Error('not a dry run');
    expect(run.deleted.audit_events).toBeGreaterThan(10);

    const bytes = databaseBytes(t);
    for (const marker of Object.values(gone.markers)) expect(bytes.includes(marker)).toBe(false);
    expect(evidenceBlobs(t).filter((blob) => blob.includes(gone.evidenceIds[0]!))).toEqual([]);
    for (const table of [
      'cases',
      'case_notes',
      'case_transitions',
      'tips',
      'evidence',
      'text_redactions',
      'notifications',
    ]) {
      const column = table === 'cases' ? 'id' : 'case_id';
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, gone.caseId)).toBe(0);
    }
    // The held case is still whole, its audit events keep their content.
    for (const marker of Object.values(held.markers)) expect(bytes.includes(marker)).toBe(true);
    expect(evidenceBlobs(t).filter((blob) => blob.includes(held.evidenceIds[0]!))).toHaveLength(2);
    const heldEvents = await t.ctx.audit.list({ subjectType: 'case', subjectId: held.caseId });
    expect(heldEvents.length).toBeGreaterThan(3);
    expect(heldEvents.some((e) => e.tombstoned)).toBe(false);

    const tombstoned = (await t.ctx.audit.list({ limit: 500 })).filter((e) => e.tombstoned);
    expect(tombstoned.length).toBe(run.deleted.audit_events);
    expect(JSON.stringify(tombstoned)).not.toContain(gone.caseId);
    const verified = await t.ctx.audit.verify();
    expect(verified).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect(verified.tombstoned.events).toBe(run.deleted.audit_events);
    expect(verified.tombstoned.ranges[0]!.fromSeq).toBe(1);
    expect(await t.ctx.audit.verify({ hashInJs: true })).toMatchObject({ intact: true });

    // Auditors see the tombstones in the log and in the verification report.
    const token = await t.login('auditor1@demo.local');
    const listed = (await (await t.request('/audit/events?limit=500', { token })).json()) as {
      items: Array<{ tombstoned: boolean; subject: unknown; details: object }>;
    };
    const shown = listed.items.filter((e) => e.tombstoned);
    expect(shown).toHaveLength(run.deleted.audit_events);
    expect(shown.every((e) => e.subject === null && Object.keys(e.details).length === 0)).toBe(true);
    const report = (await (await t.request('/audit/verification?mode=full', { token })).json()) as {
      intact: boolean;
      tombstoned: { events: number; ranges: unknown[] };
    };
    expect(report).toMatchObject({ intact: true, tombstoned: { events: run.deleted.audit_events } });
  });

  it('a real edit is still detected after tombstoning', async () => {
    const live = (await t.ctx.audit.list({ limit: 500 })).find((e) => !e.tombstoned && e.seq > 1)!;
    await tamperAuditDetails(t.ctx.db, live.seq, { edited: true });
    expect(await t.ctx.audit.verify()).toMatchObject({ intact: false, firstBrokenSeq: live.seq });
    await tamperAuditDetails(t.ctx.db, live.seq, live.details);
    expect(await t.ctx.audit.verify()).toMatchObject({ intact: true });
  });

  it('a released hold lets the next run delete the case', async () => {
    const released = await t.request(`/cases/${held.caseId}/legal-hold/release`, {
      token: await t.login('auditor1@demo.local'),
      json: { reason: 'Judgment final; no appeal possible.' },
    });
    expect(released.status).toBe(200);
    const run = await runRetention(t.ctx, { trigger: 'cli' });
    expect(run).toMatchObject({ deleted: { closed_cases: 1, identities: 1 } });
    const bytes = databaseBytes(t);
    for (const marker of Object.values(held.markers)) expect(bytes.includes(marker)).toBe(false);
    expect(evidenceBlobs(t)).toEqual([]);
    expect(await t.ctx.audit.verify()).toMatchObject({ intact: true });
  });
});
