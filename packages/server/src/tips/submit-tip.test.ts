import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceService, type EvidenceService } from '../evidence/evidence-service.js';
import { createReplyPosting } from '../messages/post-reply.js';
import type { ProblemError } from '../problem/problem-error.js';
import { makeJpeg } from '../testing/evidence-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createTipSubmission, type TipSubmission } from './submit-tip.js';
import { createTipService } from './tip-service.js';

/** Tip and reply submission are use cases of their own: evidence recorded with them, or gone. */
describe('submitting a tip and a reply, with evidence, without HTTP', () => {
  let t: TestApp;
  let evidence: EvidenceService;
  const blobs = () => readdirSync(evidence.config.storeDir, { recursive: true }).length;
  const tip = (category = 'unhygienic_kitchen'): TipSubmission => ({
    description: 'Raw chicken thawed on the floor by the back door.',
    shop: { name: 'Lucky Noodles', address: '3 Wuyi Rd' },
    districtCode: '350102',
    category,
    observedAt: t.clock.now().toISOString(),
    insider: false,
  });
  const refusal = async (step: Promise<unknown>) =>
    (await step.then(
      () => undefined,
      (error: unknown) => error,
    )) as ProblemError;

  beforeAll(async () => {
    t = await createTestApp();
    evidence = createEvidenceService(t.ctx);
  });
  afterAll(() => t.close());

  it('records the files with the tip and signs them into the receipt', async () => {
    const stored = await evidence.ingest(Readable.from([makeJpeg()]));
    const receipt = await createTipSubmission(t.ctx).submit(tip(), { files: [stored] });
    expect(receipt.evidence).toEqual([
      { id: stored.id, contentType: 'image/jpeg', size: stored.size, sha256: stored.sha256 },
    ]);
    const caseId = String(
      (await t.ctx.db.execute({ sql: 'SELECT case_id FROM evidence WHERE id = ?', args: [stored.id] }))
        .rows[0]!.case_id,
    );
    expect(caseId).toMatch(/^case_/);
  });

  it('discards the stored files of a tip the intake rules refuse', async () => {
    const before = blobs();
    const stored = await evidence.ingest(Readable.from([makeJpeg()]));
    expect(blobs()).toBe(before + 2); // the stripped file and the sealed original
    const error = await refusal(
      createTipSubmission(t.ctx).submit(tip('not_a_category'), { files: [stored] }),
    );
    expect([error.status, error.code]).toEqual([422, 'unknown_category']);
    expect(blobs()).toBe(before);
  });

  it('discards the files of a reply to a closed case', async () => {
    const receipt = await createTipSubmission(t.ctx).submit(tip());
    const access = await createTipService(t.ctx).authenticate({
      identityCode: receipt.identityCode,
      receiptSecret: receipt.receiptSecret,
      reporterId: undefined,
      clientAddress: '192.0.2.1',
    });
    const replies = createReplyPosting(t.ctx);
    const first = await evidence.ingest(Readable.from([makeJpeg()]));
    expect((await replies.post(access, 'One more photo.', [first])).attachments).toHaveLength(1);
    await t.ctx.db.execute({ sql: `UPDATE cases SET state = 'closed' WHERE id = ?`, args: [access.caseId] });
    const before = blobs();
    const late = await evidence.ingest(Readable.from([makeJpeg()]));
    const error = await refusal(replies.post(access, 'And another.', [late]));
    expect([error.status, error.code]).toEqual([409, 'case_closed']);
    expect(blobs()).toBe(before);
  });
});
