import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';

describe('two-way anonymous messages', () => {
  let t: TestApp;
  let receipt: { identityCode: string; receiptSecret: string };
  let caseId: string;
  let handler: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ receipt, caseId, handler } = await submitTriagedTip(t, {
      description: 'Cockroaches in the prep area.',
      shop: { name: 'Night Market Grill', address: '8 Taijiang Rd' },
    }));
  });
  afterAll(() => t.close());

  const asReporter = (init: RequestInit & { json?: unknown } = {}, secret = receipt.receiptSecret) =>
    t.request('/tip/messages', {
      ...init,
      headers: {
        'ezhili-identity-code': receipt.identityCode,
        'ezhili-receipt-secret': secret,
        ...init.headers,
      },
    });

  it('carries messages both ways; the handler sees only the identity code', async () => {
    const fromReporter = await asReporter({ json: { body: 'They also reuse frying oil for weeks.' } });
    expect(fromReporter.status).toBe(201);
    const fromHandler = await t.request(`/cases/${caseId}/messages`, {
      token: handler,
      json: { body: 'Thanks. Can you tell us which days?' },
    });
    expect(fromHandler.status).toBe(201);

    const list = (await (await asReporter()).json()) as { items: Array<{ from: string; body: string }> };
    expect(list.items.map((m) => [m.from, m.body])).toEqual([
      ['reporter', 'They also reuse frying oil for weeks.'],
      ['handler', 'Thanks. Can you tell us which days?'],
    ]);
    const detail = (await (await t.request(`/cases/${caseId}`, { token: handler })).json()) as Record<
      string,
      unknown
    >;
    expect(detail.identityCode).toBe(receipt.identityCode);
    expect(detail.messages).toHaveLength(2);
    // The reporter never learns who the handler is.
    expect(JSON.stringify(list)).not.toMatch(/stf_|district@demo/);
  });

  it('counts a handler message after acknowledgement as feedback', async () => {
    const row = (
      await t.ctx.db.execute({ sql: 'SELECT feedback_given_at FROM cases WHERE id = ?', args: [caseId] })
    ).rows[0]!;
    expect(row.feedback_given_at).not.toBeNull();
  });

  it('refuses a wrong secret with the same 404 as an unknown code and stores nothing', async () => {
    const before = (await t.ctx.db.execute('SELECT count(*) AS n FROM messages')).rows[0]!.n;
    const response = await asReporter({ json: { body: 'forged' } }, 'not-the-secret');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'tip_not_found' });
    expect((await t.ctx.db.execute('SELECT count(*) AS n FROM messages')).rows[0]!.n).toBe(before);
  });

  it('keeps two anonymous reporters’ idempotency keys apart', async () => {
    const other = (await (
      await t.request('/tips', {
        json: {
          description: 'Another tip.',
          shop: { name: 'X', address: 'Y' },
          districtCode: '350102',
          category: 'other',
          observedAt: t.clock.now().toISOString(),
        },
      })
    ).json()) as typeof receipt;
    const key = { 'idempotency-key': 'same-key' };
    const mine = await asReporter({ json: { body: 'hello' }, headers: key });
    const theirs = await t.request('/tip/messages', {
      json: { body: 'hello' },
      headers: {
        'ezhili-identity-code': other.identityCode,
        'ezhili-receipt-secret': other.receiptSecret,
        ...key,
      },
    });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(((await theirs.json()) as { id: string }).id).not.toBe(((await mine.json()) as { id: string }).id);
  });

  it('takes no more reporter messages once the case is closed', async () => {
    await t.request(`/cases/${caseId}/transitions`, { token: handler, json: { action: 'investigate' } });
    const closed = await t.request(`/cases/${caseId}/transitions`, {
      token: handler,
      json: { action: 'close', outcome: 'not_confirmed', summary: 'Nothing found on inspection.' },
    });
    expect(closed.status).toBe(200);
    const late = await asReporter({ json: { body: 'One more thing…' } });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'case_closed' });
    const view = (await (
      await t.request('/tip', {
        headers: {
          'ezhili-identity-code': receipt.identityCode,
          'ezhili-receipt-secret': receipt.receiptSecret,
        },
      })
    ).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'closed', outcome: 'not_confirmed' });
    expect(JSON.stringify(view)).not.toContain('Nothing found on inspection');
  });
});
