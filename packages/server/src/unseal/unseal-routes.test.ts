import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditKeyCeremony, DEMO_AUDIT_SHARES_FILE } from '../audit/audit-key.js';
import { type ClosedCase, createClosedCase, tipHeaders } from '../testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('unsealing a reporter identity with k of n auditor shares', () => {
  let t: TestApp;
  let shares: string[];
  let tip: ClosedCase;
  const token: Record<string, string> = {};
  const STAFF = {
    auditor1: 'auditor1@demo.local',
    auditor2: 'auditor2@demo.local',
    auditor3: 'auditor3@demo.local',
    admin: 'admin@demo.local',
    intake: 'intake@demo.local',
    gulou: 'district@demo.local',
    detachment: 'detachment@demo.local',
    committee: 'committee@demo.local',
    finance: 'finance@demo.local',
  };

  beforeAll(async () => {
    t = await createTestApp();
    shares = (
      JSON.parse(readFileSync(join(t.dataDir, DEMO_AUDIT_SHARES_FILE), 'utf8')) as { shares: string[] }
    ).shares;
    tip = await createClosedCase(t, { n: 300 });
    await loginAll();
  });
  afterAll(() => t.close());

  async function loginAll() {
    for (const [name, email] of Object.entries(STAFF)) token[name] = await t.login(email);
  }
  const post = (who: string, path: string, json: unknown) => t.request(path, { token: token[who], json });
  const get = (who: string, path: string, unsealKey?: string) =>
    t.request(path, { token: token[who], headers: unsealKey ? { 'ezhili-unseal-key': unsealKey } : {} });
  const request = async (who = 'auditor1', caseId = tip.caseId) => {
    const response = await post(who, '/unseal-requests', {
      caseId,
      legalBasis: 'PRC Food Safety Law art. 115; external audit order 2026-07',
      reason: 'The provincial audit office checks that the reward was paid to the real reporter.',
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; oneTimeKey: string; state: string };
  };
  const submit = (who: string, id: string, share: string) =>
    post(who, `/unseal-requests/${id}/shares`, { share });
  const forge = (share: string) => {
    const [prefix, kid, body] = share.split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[5] = (bytes[5] ?? 0) ^ 0x5a;
    return `${prefix}.${kid}.${bytes.toString('base64url')}`;
  };
  async function databaseText(): Promise<string> {
    const tables = await t.ctx.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      for (const row of (await t.ctx.db.execute(`SELECT * FROM "${String(name)}"`)).rows)
        parts.push(JSON.stringify(row));
    }
    return parts.join('\n');
  }

  it('opens only after k distinct auditors, once, for the requester, and tells the reporter', async () => {
    const created = await request();
    expect(created).toMatchObject({
      state: 'pending',
      threshold: 2,
      oneTimeKey: expect.stringMatching(/^[\w-]{43}$/),
    });
    const path = `/unseal-requests/${created.id}`;

    const first = await submit('auditor1', created.id, shares[0]!);
    expect(await first.json()).toMatchObject({
      state: 'pending',
      approvals: [{ auditorId: expect.any(String) }],
    });
    // k-1 shares: the requester cannot open it.
    const early = await get('auditor1', path, created.oneTimeKey);
    expect(await early.json()).toMatchObject({ status: 409, code: 'not_approved' });
    // The same auditor twice, the same share from another auditor, a forged share, a foreign share.
    expect(await (await submit('auditor1', created.id, shares[1]!)).json()).toMatchObject({
      status: 409,
      code: 'share_already_submitted',
    });
    expect(await (await submit('auditor2', created.id, shares[0]!)).json()).toMatchObject({
      status: 409,
      code: 'duplicate_share',
    });
    expect(await (await submit('auditor2', created.id, forge(shares[1]!))).json()).toMatchObject({
      status: 422,
      code: 'invalid_share',
    });
    const foreign = (await createAuditKeyCeremony({ shares: 3, threshold: 2 })).shares[1]!;
    expect(await (await submit('auditor2', created.id, foreign)).json()).toMatchObject({
      status: 422,
      code: 'invalid_share',
    });
    expect(await (await submit('auditor2', created.id, 'EZA1.nonsense')).json()).toMatchObject({
      status: 422,
      code: 'invalid_share',
    });
    const afterRefusals = (await (await get('auditor3', path)).json()) as {
      approvals: unknown[];
      state: string;
    };
    expect(afterRefusals).toMatchObject({ state: 'pending' });
    expect(afterRefusals.approvals).toHaveLength(1);

    const second = await submit('auditor2', created.id, shares[2]!);
    expect(await second.json()).toMatchObject({ state: 'approved' });
    expect((await (await submit('auditor3', created.id, shares[1]!)).json()) as object).toMatchObject({
      status: 409,
    });

    // Nobody else can open it: another auditor with the key, the requester with another key.
    expect(await (await get('auditor3', path, created.oneTimeKey)).json()).toMatchObject({
      status: 403,
      code: 'not_requester',
    });
    const otherKey = Buffer.alloc(32, 7).toString('base64url');
    expect(await (await get('auditor1', path, otherKey)).json()).toMatchObject({
      status: 403,
      code: 'wrong_unseal_key',
    });
    // Without the key, the state only.
    const plain = (await (await get('auditor1', path)).json()) as Record<string, unknown>;
    expect(plain.identity).toBeUndefined();

    const opened = await get('auditor1', path, created.oneTimeKey);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(await opened.json()).toMatchObject({
      state: 'opened',
      identity: {
        realName: tip.person.realName,
        residentId: tip.person.residentId,
        phone: tip.person.phone,
        bankAccount: { accountNumber: tip.person.bankAccount.accountNumber },
        identityVersion: 1,
      },
    });
    // Once only; nothing opened or sealed-to-the-requester is kept.
    expect(await (await get('auditor1', path, created.oneTimeKey)).json()).toMatchObject({
      status: 409,
      code: 'already_opened',
    });
    const stored = await databaseText();
    expect(stored).not.toContain(tip.person.realName);
    expect(stored).not.toContain(tip.person.residentId);
    const leftover = await t.ctx.db.execute({
      sql: 'SELECT count(*) AS n FROM unseal_shares WHERE request_id = ? AND sealed_share IS NOT NULL',
      args: [created.id],
    });
    expect(Number(leftover.rows[0]!.n)).toBe(0);

    // The reporter is told when and why (EU 2019/1937 Art. 16).
    const view = (await (await t.request('/tip', { headers: tipHeaders(tip) })).json()) as Record<
      string,
      unknown
    >;
    expect(view.identityAccessNotices).toEqual([
      {
        accessedAt: expect.any(String),
        legalBasis: 'PRC Food Safety Law art. 115; external audit order 2026-07',
        reason: 'The provincial audit office checks that the reward was paid to the real reporter.',
        approvals: 2,
        opened: 'identity',
      },
    ]);
    const audit = await t.ctx.audit.list({ subjectType: 'unseal_request', subjectId: created.id });
    expect(audit.map((event) => event.action).reverse()).toEqual([
      'unseal.requested',
      'unseal.share_submitted',
      'unseal.share_submitted',
      'unseal.approved',
      'unseal.opened',
    ]);
    expect(JSON.stringify(audit)).not.toContain(tip.person.realName);
  });

  it('lets only auditors approve and only auditors or admins request and read (403 otherwise)', async () => {
    const created = await request('admin');
    const before = (await t.ctx.audit.list({ limit: 1 }))[0]!.seq;
    for (const who of ['intake', 'gulou', 'detachment', 'committee', 'finance']) {
      expect(
        (
          await post(who, '/unseal-requests', {
            caseId: tip.caseId,
            legalBasis: 'none',
            reason: 'curiosity only',
          })
        ).status,
        who,
      ).toBe(403);
      expect((await get(who, `/unseal-requests/${created.id}`)).status, who).toBe(403);
    }
    for (const who of ['admin', 'intake', 'gulou', 'detachment', 'committee', 'finance']) {
      expect((await submit(who, created.id, shares[0]!)).status, who).toBe(403);
    }
    expect((await t.ctx.audit.list({ limit: 1 }))[0]!.seq).toBe(before);
    expect(
      (
        await t.request('/unseal-requests', {
          json: { caseId: tip.caseId, legalBasis: 'Audit order', reason: 'no token at all' },
        })
      ).status,
    ).toBe(401);
  });

  it('refuses a case without a sealed identity, and expires requests', async () => {
    const anonymous = await createClosedCase(t, { n: 301, anonymous: true });
    await loginAll();
    const refused = await post('auditor1', '/unseal-requests', {
      caseId: anonymous.caseId,
      legalBasis: 'Audit order 7',
      reason: 'Check the anonymous reporter as well.',
    });
    expect(await refused.json()).toMatchObject({ status: 409, code: 'no_sealed_identity' });

    const created = await request();
    await submit('auditor1', created.id, shares[0]!);
    t.clock.advance(73 * 3600_000);
    await loginAll();
    expect(await (await submit('auditor2', created.id, shares[1]!)).json()).toMatchObject({
      status: 410,
      code: 'unseal_request_expired',
    });
    expect(
      await (await get('auditor1', `/unseal-requests/${created.id}`, created.oneTimeKey)).json(),
    ).toMatchObject({ status: 410 });
    expect(await (await get('auditor2', `/unseal-requests/${created.id}`)).json()).toMatchObject({
      state: 'expired',
    });
    const leftover = await t.ctx.db.execute({
      sql: 'SELECT count(*) AS n FROM unseal_shares WHERE request_id = ? AND sealed_share IS NOT NULL',
      args: [created.id],
    });
    expect(Number(leftover.rows[0]!.n)).toBe(0);
  });

  it('still refuses to open with a forged share when the key file has no share fingerprints', async () => {
    const digests = t.ctx.auditKey.shareDigests;
    delete t.ctx.auditKey.shareDigests;
    try {
      const created = await request();
      await submit('auditor1', created.id, shares[0]!);
      expect(await (await submit('auditor2', created.id, forge(shares[1]!))).json()).toMatchObject({
        state: 'approved',
      });
      const refused = await get('auditor1', `/unseal-requests/${created.id}`, created.oneTimeKey);
      expect(await refused.json()).toMatchObject({ status: 422, code: 'shares_do_not_match' });
      expect(await (await get('auditor1', `/unseal-requests/${created.id}`)).json()).toMatchObject({
        state: 'approved',
        openedAt: null,
      });
    } finally {
      t.ctx.auditKey.shareDigests = digests;
    }
  });
});
