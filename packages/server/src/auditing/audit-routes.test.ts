import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteAuditLog, tamperAuditAction, truncateAuditLog } from '../audit/audit-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { dueScheduledVerification } from './audit-checkpoint-schedule.js';

interface Verification {
  intact: boolean;
  mode: string;
  eventsChecked: number;
  fromSeq: number;
  headSeq: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  checkpointsChecked: number;
  checkpoint: { id: string; seq: number; hash: string; jws: string } | null;
}

describe('audit routes', () => {
  let t: TestApp;
  let auditor: string;
  let webhook: Server;
  const posted: unknown[] = [];

  beforeAll(async () => {
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        posted.push(JSON.parse(body));
        response.end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    t = await createTestApp(
      {
        AUDIT_CHECKPOINT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/checkpoints`,
      },
      {},
      { now: '2026-03-01T09:00:00Z' },
    );
    for (const email of ['intake@demo.local', 'admin@demo.local', 'finance@demo.local']) await t.login(email);
    auditor = await t.login('auditor1@demo.local');
  });
  afterAll(async () => {
    t.close();
    await new Promise((resolve) => webhook.close(resolve));
  });

  const verify = async (mode?: 'full' | 'incremental') =>
    (await (
      await t.request(`/audit/verification${mode ? `?mode=${mode}` : ''}`, { token: auditor })
    ).json()) as Verification;

  it('lets auditors and admins list events and page back', async () => {
    const page = (await (await t.request('/audit/events?limit=2', { token: auditor })).json()) as {
      items: Array<{ seq: number }>;
      nextBeforeSeq: number;
    };
    expect(page.items).toHaveLength(2);
    expect(page.nextBeforeSeq).toBe(page.items[1]!.seq);
    const older = (await (
      await t.request(`/audit/events?limit=2&beforeSeq=${page.nextBeforeSeq}`, { token: auditor })
    ).json()) as { items: Array<{ seq: number }> };
    expect(older.items[0]!.seq).toBeLessThan(page.nextBeforeSeq);
    const admin = await t.login('admin@demo.local');
    expect((await t.request('/audit/events', { token: admin })).status).toBe(200);
  });

  it('refuses other roles', async () => {
    for (const email of ['intake@demo.local', 'district@demo.local', 'finance@demo.local']) {
      const token = await t.login(email);
      expect((await t.request('/audit/events', { token })).status).toBe(403);
      expect((await t.request('/audit/verification', { token })).status).toBe(403);
      expect((await t.request('/audit/checkpoints', { token })).status).toBe(403);
      expect((await t.request('/audit/verifications', { token, json: {} })).status).toBe(403);
    }
  });

  it('verifies the chain, signs a checkpoint, exports it, and then checks only newer events', async () => {
    const first = await verify();
    expect(first).toMatchObject({ intact: true, mode: 'incremental', fromSeq: 0, firstBrokenSeq: null });
    expect(first.checkpoint).toMatchObject({ seq: first.headSeq });
    // Exported: appended to the checkpoint file and posted to the webhook.
    const lines = readFileSync(join(t.dataDir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual(first.checkpoint);
    await expect.poll(() => posted.length).toBeGreaterThan(0);
    expect(posted.at(-1)).toEqual({ type: 'audit.checkpoint', checkpoint: first.checkpoint });

    const second = await verify();
    expect(second).toMatchObject({ intact: true, fromSeq: first.headSeq, checkpointsChecked: 1 });
    expect(second.eventsChecked).toBe(second.headSeq - first.headSeq);
    expect(second.eventsChecked).toBeLessThan(5);
    const audited = (await t.ctx.audit.list({ action: 'audit.verified', limit: 1 }))[0]!;
    expect(audited.details).toMatchObject({
      mode: 'incremental',
      intact: true,
      checkpointId: second.checkpoint!.id,
    });

    const listed = (await (await t.request('/audit/checkpoints?limit=1', { token: auditor })).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    expect(listed.items[0]!.id).toBe(second.checkpoint!.id);
    const older = (await (
      await t.request(`/audit/checkpoints?limit=1&cursor=${listed.nextCursor}`, { token: auditor })
    ).json()) as { items: Array<{ id: string }> };
    expect(older.items[0]!.id).toBe(first.checkpoint!.id);
  });

  it('runs a verification as a job with progress, and checks against a checkpoint the caller kept', async () => {
    const kept = (await verify()).checkpoint!;
    const started = await t.request('/audit/verifications', {
      token: auditor,
      json: { mode: 'full', checkpoint: kept.jws },
    });
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; state: string };
    expect(job.state).toBe('running');
    await expect
      .poll(
        async () =>
          (
            (await (await t.request(`/audit/verifications/${job.id}`, { token: auditor })).json()) as {
              state: string;
            }
          ).state,
      )
      .toBe('completed');
    const finished = (await (
      await t.request(`/audit/verifications/${job.id}`, { token: auditor })
    ).json()) as {
      progress: { eventsChecked: number; eventsTotal: number };
      result: Verification;
    };
    expect(finished.result).toMatchObject({ intact: true, mode: 'full', fromSeq: 0, checkpointsChecked: 2 });
    expect(finished.progress.eventsChecked).toBe(finished.result.eventsChecked);

    const unsigned = await t.request('/audit/verifications', {
      token: auditor,
      json: { checkpoint: 'eyJhbGciOiJFZERTQSJ9.eyJzZXEiOjF9.bm90IHNpZ25lZA' },
    });
    expect(unsigned.status).toBe(422);
    expect(await unsigned.json()).toMatchObject({ code: 'invalid_checkpoint' });
    expect((await t.request('/audit/verifications/avj_nothing', { token: auditor })).status).toBe(404);
    expect((await t.request('/audit/verification?mode=sometimes', { token: auditor })).status).toBe(400);
  });

  it('reports a tampered row in a full run', async () => {
    await tamperAuditAction(t.ctx.db, 2, 'staff.nothing');
    // Before the last checkpoint: incremental runs start after it, full runs see it.
    expect(await verify()).toMatchObject({ intact: true });
    const broken = await verify('full');
    expect(broken).toMatchObject({ intact: false, mode: 'full', firstBrokenSeq: 2, checkpoint: null });
    const audited = (await t.ctx.audit.list({ action: 'audit.verified', limit: 1 }))[0]!;
    expect(audited.details).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });

  it('detects a database rewritten as a whole, and a truncation with its head, against the checkpoint file', async () => {
    // Repair what the previous test broke, as an attacker would: rewrite every hash and the head.
    await rewriteAuditLog(t.ctx.db, (seq, details) => (seq === 3 ? { ...details, forged: true } : details));
    const rewritten = await verify('full');
    expect(rewritten.intact).toBe(false);
    expect(rewritten.reason).toMatch(
      /does not match the checkpoint of .*audit-checkpoints\.jsonl\): the log was rewritten/,
    );

    const fresh = await createTestApp({}, {}, { now: '2026-03-01T09:00:00Z' });
    try {
      const token = await fresh.login('auditor1@demo.local');
      for (let i = 0; i < 4; i++) await fresh.login('admin@demo.local');
      const run = async () =>
        (await (await fresh.request('/audit/verification', { token })).json()) as Verification;
      const anchored = await run();
      expect(anchored.intact).toBe(true);
      await truncateAuditLog(fresh.ctx.db, anchored.headSeq - 3);
      // The stored checkpoint is gone with the events; the file still names the removed head.
      expect(await run()).toMatchObject({ intact: false, firstBrokenSeq: anchored.headSeq });
      const full = (await (
        await fresh.request('/audit/verification?mode=full', { token })
      ).json()) as Verification;
      expect(full.intact).toBe(false);
      expect(full.reason).toMatch(/the log ends before the checkpoint of .*: newer events were removed/);
    } finally {
      fresh.close();
    }
  });

  it('schedules a checkpoint a day, by a full run once a week', async () => {
    const fresh = await createTestApp(
      { AUDIT_FULL_VERIFICATION_DAYS: '7' },
      {},
      { now: '2026-03-01T00:00:00Z' },
    );
    try {
      expect(await dueScheduledVerification(fresh.ctx)).toBe('full');
      const { createAuditingServices } = await import('./auditing-services.js');
      const { verifications } = createAuditingServices(fresh.ctx);
      await (await verifications.start('full', 'system')).done;
      expect(await dueScheduledVerification(fresh.ctx)).toBeUndefined();
      fresh.clock.advance(24 * 3_600_000);
      expect(await dueScheduledVerification(fresh.ctx)).toBe('incremental');
      await (await verifications.start('incremental', 'system')).done;
      fresh.clock.advance(6 * 24 * 3_600_000);
      expect(await dueScheduledVerification(fresh.ctx)).toBe('full');
    } finally {
      fresh.close();
    }
    const off = await createTestApp({ AUDIT_CHECKPOINT_HOURS: '0' });
    try {
      expect(await dueScheduledVerification(off.ctx)).toBeUndefined();
    } finally {
      off.close();
    }
  });
});
