import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip, type TriagedTip } from '../testing/triaged-tip.js';
import { TEXT_MASK } from './text-mask.js';

describe('redactCaseText (description, notes, messages)', () => {
  let t: TestApp;
  let tip: TriagedTip;
  const description = '后厨有老鼠，厨师张三丰不戴手套。';

  beforeAll(async () => {
    t = await createTestApp();
    tip = await submitTriagedTip(t, {
      description,
      shop: { name: 'Riverside Noodles', address: '3 Jiangbin Rd' },
    });
  });
  afterAll(() => t.close());

  const reporter = () => ({
    'ezhili-identity-code': tip.receipt.identityCode,
    'ezhili-receipt-secret': tip.receipt.receiptSecret,
  });
  const redact = (body: unknown, token = tip.handler) =>
    t.request(`/cases/${tip.caseId}/text-redactions`, { token, json: body });
  const caseView = async (token = tip.handler) =>
    (await (await t.request(`/cases/${tip.caseId}`, { token })).json()) as {
      description: string;
      notes: Array<{ id: string; body: string }>;
      messages: Array<{ id: string; body: string }>;
      redactions: Array<{ id: string; kind: string; target: { type: string; id: string | null } }>;
    };

  it('masks the description for every unit; the original is sealed, not stored readable', async () => {
    const response = await redact({
      target: { type: 'description' },
      ranges: [{ start: 8, end: 11 }],
      reason: 'A cook',
    });
    expect(response.status).toBe(201);
    const redaction = (await response.json()) as { id: string; text: string; version: number };
    expect(redaction).toMatchObject({ text: `后厨有老鼠，厨师${TEXT_MASK}不戴手套。`, version: 1 });
    for (const token of [
      tip.handler,
      await t.login('auditor1@demo.local'),
      await t.login('admin@demo.local'),
    ]) {
      expect((await caseView(token)).description).toBe(redaction.text);
    }
    const dump = JSON.stringify((await t.ctx.db.execute('SELECT * FROM text_redactions')).rows);
    expect(dump).not.toContain('张三丰');
    expect(JSON.stringify((await t.ctx.db.execute('SELECT description FROM cases')).rows)).not.toContain(
      '张三丰',
    );
    const view = await caseView();
    expect(view.redactions).toEqual([
      expect.objectContaining({ id: redaction.id, kind: 'text', target: { type: 'description', id: null } }),
    ]);
    const audit = await t.ctx.audit.list({ subjectType: 'case', subjectId: tip.caseId });
    const event = audit.find((e) => e.action === 'case.text_redacted');
    expect(event?.details).toMatchObject({ redactionId: redaction.id, target: 'description', ranges: 1 });
    expect(JSON.stringify(audit)).not.toContain('张三丰');
  });

  it('masks a note and a reporter message (the reporter reads the masked message too)', async () => {
    const note = (await (
      await t.request(`/cases/${tip.caseId}/notes`, {
        token: tip.handler,
        json: { body: 'Called Mr Li at 13800000000.' },
      })
    ).json()) as { id: string };
    const masked = await redact({
      target: { type: 'note', id: note.id },
      ranges: [
        { start: 7, end: 12 },
        { start: 16, end: 27 },
      ],
      reason: 'Names',
    });
    expect(masked.status).toBe(201);
    expect((await caseView()).notes.find((n) => n.id === note.id)?.body).toBe(
      `Called ${TEXT_MASK} at ${TEXT_MASK}.`,
    );

    const sent = await t.request('/tip/messages', {
      headers: reporter(),
      json: { body: 'The manager Wang Wu shouts.' },
    });
    expect(sent.status).toBe(201);
    const messageId = (await caseView()).messages.at(-1)!.id;
    const response = await redact({
      target: { type: 'message', id: messageId },
      ranges: [{ start: 12, end: 19 }],
      reason: 'A name',
    });
    expect(response.status).toBe(201);
    expect((await caseView()).messages.at(-1)!.body).toBe(`The manager ${TEXT_MASK} shouts.`);
    const mine = (await (await t.request('/tip', { headers: reporter() })).json()) as {
      messages: Array<{ body: string }>;
    };
    expect(mine.messages.at(-1)!.body).toBe(`The manager ${TEXT_MASK} shouts.`);
  });

  it('refuses ranges outside the text, unknown texts, other units and read-only roles, and changes nothing', async () => {
    const before = (await caseView()).description;
    const count = async () =>
      (await t.ctx.db.execute('SELECT count(*) AS n FROM text_redactions')).rows[0]!.n;
    const n = await count();
    const outside = await redact({
      target: { type: 'description' },
      ranges: [{ start: 0, end: 400 }],
      reason: 'x',
    });
    expect(outside.status).toBe(422);
    expect(((await outside.json()) as { code: string }).code).toBe('range_outside_text');
    const unknown = await redact({
      target: { type: 'note', id: 'note_01jq7z1a2b3c4d5e6f7g8h9j0k' },
      ranges: [{ start: 0, end: 1 }],
      reason: 'x',
    });
    expect(unknown.status).toBe(404);
    const body = { target: { type: 'description' }, ranges: [{ start: 0, end: 1 }], reason: 'x' };
    expect((await redact(body, await t.login('detachment@demo.local'))).status).toBe(404);
    expect((await redact(body, await t.login('auditor1@demo.local'))).status).toBe(403);
    expect((await t.request(`/cases/${tip.caseId}/text-redactions`, { json: body })).status).toBe(401);
    expect((await caseView()).description).toBe(before);
    expect(await count()).toBe(n);
  });
});
