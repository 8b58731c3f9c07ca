import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AUDIT_SHARES_FILE } from '../audit/audit-key.js';
import { LEAKY_METADATA, makeJpeg, multipartForm, tagPhoto } from '../testing/evidence-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('opening a sealed original (evidence as uploaded, text before redaction) with k of n shares', () => {
  let t: TestApp;
  let shares: string[];
  let uploaded: Buffer;
  let caseId: string;
  let evidenceId: string;
  let textRedactionId: string;
  let reporter: Record<string, string>;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    shares = (
      JSON.parse(readFileSync(join(t.dataDir, DEMO_AUDIT_SHARES_FILE), 'utf8')) as { shares: string[] }
    ).shares;
    const path = join(await mkdtemp(join(tmpdir(), 'ezhili-original-')), 'tagged.jpg');
    await writeFile(path, makeJpeg(64, 48));
    await tagPhoto(path);
    uploaded = readFileSync(path);
    const tip = {
      description: '厨师张三丰不戴手套。',
      districtCode: '350102',
      category: 'unhygienic_kitchen',
      observedAt: t.clock.now().toISOString(),
      shop: { name: 'Riverside Noodles', address: '3 Jiangbin Rd' },
    };
    const submitted = await t.request('/tips', {
      method: 'POST',
      body: multipartForm([
        ['tip', JSON.stringify(tip)],
        ['evidence', new Blob([new Uint8Array(uploaded)], { type: 'image/jpeg' }), 'a.jpg'],
      ]),
    });
    const receipt = (await submitted.json()) as { identityCode: string; receiptSecret: string };
    reporter = {
      'ezhili-identity-code': receipt.identityCode,
      'ezhili-receipt-secret': receipt.receiptSecret,
    };
    caseId = String(
      (
        await t.ctx.db.execute({
          sql: 'SELECT id FROM cases WHERE identity_code = ?',
          args: [receipt.identityCode],
        })
      ).rows[0]!.id,
    );
    for (const [name, email] of Object.entries({
      intake: 'intake@demo.local',
      auditor1: 'auditor1@demo.local',
      auditor2: 'auditor2@demo.local',
      auditor3: 'auditor3@demo.local',
    })) {
      token[name] = await t.login(email);
    }
    evidenceId = (
      (await (await t.request(`/cases/${caseId}`, { token: token.intake })).json()) as {
        evidence: Array<{ id: string }>;
      }
    ).evidence[0]!.id;
    const photo = await t.request(`/cases/${caseId}/evidence/${evidenceId}/redactions`, {
      token: token.intake,
      json: { reason: 'A face', regions: [{ x: 0, y: 0, width: 10, height: 10 }] },
    });
    expect(photo.status).toBe(201);
    const text = await t.request(`/cases/${caseId}/text-redactions`, {
      token: token.intake,
      json: { target: { type: 'description' }, ranges: [{ start: 2, end: 5 }], reason: 'A name' },
    });
    textRedactionId = ((await text.json()) as { id: string }).id;
  });
  afterAll(() => t.close());

  const create = async (target: unknown, who = 'auditor1') => {
    const response = await t.request('/unseal-requests', {
      token: token[who],
      json: {
        caseId,
        target,
        legalBasis: 'Court order (2026) Min 01 Xing Chu 42',
        reason: 'The court needs the evidence as it was submitted, unredacted.',
      },
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; oneTimeKey: string; target: unknown };
  };
  const share = (id: string, who: string, index: number) =>
    t.request(`/unseal-requests/${id}/shares`, { token: token[who], json: { share: shares[index] } });
  const open = (id: string, key: string, who = 'auditor1') =>
    t.request(`/unseal-requests/${id}/original`, {
      token: token[who],
      headers: { 'ezhili-unseal-key': key },
    });

  it('refuses with too few shares, then opens the original photo once, audited, and tells the reporter', async () => {
    const request = await create({ type: 'evidence_original', evidenceId });
    expect(request.target).toEqual({ type: 'evidence_original', evidenceId });
    expect((await share(request.id, 'auditor1', 0)).status).toBe(200);

    const early = await open(request.id, request.oneTimeKey);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { code: string }).code).toBe('not_approved');

    expect((await share(request.id, 'auditor2', 1)).status).toBe(200);
    expect((await open(request.id, request.oneTimeKey, 'auditor2')).status).toBe(403);
    const identityWay = await t.request(`/unseal-requests/${request.id}`, {
      token: token.auditor1,
      headers: { 'ezhili-unseal-key': request.oneTimeKey },
    });
    expect(identityWay.status).toBe(409);

    const opened = await open(request.id, request.oneTimeKey);
    expect(opened.status).toBe(200);
    const bytes = Buffer.from(await opened.arrayBuffer());
    // The file exactly as uploaded: unredacted, its metadata still in it.
    expect(bytes.equals(uploaded)).toBe(true);
    expect(opened.headers.get('ezhili-original-sha256')).toBe(
      createHash('sha256').update(uploaded).digest('hex'),
    );
    expect(bytes.includes(Buffer.from(LEAKY_METADATA.model))).toBe(true);

    const again = await open(request.id, request.oneTimeKey);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('already_opened');

    const audit = await t.ctx.audit.list({ subjectType: 'unseal_request', subjectId: request.id });
    const event = audit.find((e) => e.action === 'unseal.opened');
    expect(event?.details).toMatchObject({
      caseId,
      target: 'evidence_original',
      targetId: evidenceId,
      approvals: 2,
      reporterNotified: true,
    });
    const sealed = await t.ctx.db.execute({
      sql: 'SELECT sealed_share FROM unseal_shares WHERE request_id = ?',
      args: [request.id],
    });
    expect(sealed.rows.every((row) => row.sealed_share === null)).toBe(true);

    const view = (await (await t.request('/tip', { headers: reporter })).json()) as {
      identityAccessNotices: Array<{ opened: string; approvals: number }>;
    };
    expect(view.identityAccessNotices).toEqual([
      expect.objectContaining({ opened: 'evidence_original', approvals: 2 }),
    ]);

    // Everyone else still receives the redacted photo.
    const download = await t.request(`/cases/${caseId}/evidence/${evidenceId}`, { token: token.auditor1 });
    expect(Buffer.from(await download.arrayBuffer()).equals(uploaded)).toBe(false);
  });

  it('opens the text as it was before its redaction', async () => {
    const request = await create({ type: 'text_original', redactionId: textRedactionId }, 'auditor3');
    await share(request.id, 'auditor2', 1);
    await share(request.id, 'auditor3', 2);
    const opened = await open(request.id, request.oneTimeKey, 'auditor3');
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/plain');
    expect(await opened.text()).toBe('厨师张三丰不戴手套。');
  });

  it('refuses a target outside the case and non-auditors', async () => {
    const other = await t.request('/unseal-requests', {
      token: token.auditor1,
      json: {
        caseId,
        target: { type: 'evidence_original', evidenceId: 'evd_00000000000000000000000000' },
        legalBasis: 'Court order',
        reason: 'Checking an unknown file.',
      },
    });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { code: string }).code).toBe('original_not_found');
    const intake = await t.request('/unseal-requests/unseal_00000000000000000000000000/original', {
      token: token.intake,
      headers: { 'ezhili-unseal-key': 'A'.repeat(43) },
    });
    expect(intake.status).toBe(403);
    const anonymous = await t.request('/unseal-requests/unseal_00000000000000000000000000/original', {
      headers: { 'ezhili-unseal-key': 'A'.repeat(43) },
    });
    expect(anonymous.status).toBe(401);
  });
});
