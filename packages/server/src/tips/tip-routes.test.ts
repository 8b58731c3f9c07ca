import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../crypto/hashing.js';
import { rewardTestPerson } from '../testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const sampleTip = (overrides: Record<string, unknown> = {}) => ({
  description: 'Raw chicken stored next to cooked rice; the fridge is broken.',
  shop: { name: 'Happy Noodles', address: '1 Wusi Road, Gulou' },
  districtCode: '350102',
  category: 'unhygienic_kitchen',
  observedAt: '2026-01-04T12:00:00Z',
  ...overrides,
});

describe('submitTip and getTip (JSON)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      { TIP_LOOKUP_MAX_FAILURES_PER_ADDRESS: '5', TRUST_PROXY: 'true' },
      {},
      { now: '2026-01-05T08:00:00Z' },
    );
  });
  afterAll(() => t.close());

  const countRows = async (table: string) =>
    Number((await t.ctx.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  const lookup = (code: string, secret: string | undefined, headers: Record<string, string> = {}) =>
    t.request('/tip', {
      headers: {
        'ezhili-identity-code': code,
        ...(secret !== undefined && { 'ezhili-receipt-secret': secret }),
        'x-forwarded-for': '10.0.0.1',
        ...headers,
      },
    });

  it('returns an identity code, a one-time receipt secret and a receipt signed by the regulator', async () => {
    const tip = sampleTip();
    const response = await t.request('/tips', { json: tip });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const receipt = (await response.json()) as Record<string, string>;
    expect(receipt.identityCode).toMatch(/^FZ-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
    expect(receipt.receiptSecret!.length).toBeGreaterThanOrEqual(40);

    const jwks = createLocalJWKSet((await (await t.request('/.well-known/jwks.json')).json()) as never);
    const { payload, protectedHeader } = await compactVerify(receipt.receipt!, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'ezhili-tip-receipt+jwt' });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toMatchObject({
      identityCode: receipt.identityCode,
      submittedAt: '2026-01-05T08:00:00.000Z',
      descriptionSha256: sha256Hex(tip.description),
      evidence: [],
    });

    // Only a hash of the secret is stored.
    const stored = await t.ctx.db.execute('SELECT receipt_secret_hash FROM tips');
    expect(JSON.stringify(stored.rows)).not.toContain(receipt.receiptSecret);
  });

  it('shows the reporter status, deadlines and messages by code and secret', async () => {
    const receipt = (await (await t.request('/tips', { json: sampleTip() })).json()) as Record<
      string,
      string
    >;
    const response = await lookup(receipt.identityCode!, receipt.receiptSecret);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      identityCode: receipt.identityCode,
      status: 'received',
      outcome: null,
      deadlines: { acknowledgeBy: '2026-01-12T08:00:00.000Z', acknowledgedAt: null },
      messages: [],
      reward: null,
      identityAccessNotices: [],
    });
    // A lower-case code with spaces is the same code.
    expect((await lookup(` ${receipt.identityCode!.toLowerCase()} `, receipt.receiptSecret)).status).toBe(
      200,
    );
  });

  it('gives a wrong secret and an unknown code the same 404, and rate-limits them', async () => {
    const receipt = (await (await t.request('/tips', { json: sampleTip() })).json()) as Record<
      string,
      string
    >;
    const address = { 'x-forwarded-for': '10.9.9.9' };
    const wrong = await lookup(receipt.identityCode!, 'wrong-secret', address);
    const unknown = await lookup('FZ-0000-0000-0', 'whatever', address);
    const missing = await lookup(receipt.identityCode!, undefined, address);
    const bodies = [];
    for (const response of [wrong, unknown, missing]) {
      expect(response.status).toBe(404);
      const { requestId: _r, instance: _i, ...problem } = (await response.json()) as Record<string, unknown>;
      bodies.push(problem);
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ code: 'tip_not_found' });
    await lookup(receipt.identityCode!, 'wrong-again', address);
    await lookup(receipt.identityCode!, 'wrong-again', address);
    const limited = await lookup('FZ-0000-0000-0', 'another guess', address);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // The right secret is never refused, from this address or any other.
    expect((await lookup(receipt.identityCode!, receipt.receiptSecret, address)).status).toBe(200);
    expect(
      (await lookup(receipt.identityCode!, receipt.receiptSecret, { 'x-forwarded-for': '10.1.1.1' })).status,
    ).toBe(200);
  });

  it('never refuses the right secret or a valid session because others failed from the same address', async () => {
    const person = rewardTestPerson(515);
    const session = String(
      ((await (await t.request('/reporter/accounts', { json: person })).json()) as { token: string }).token,
    );
    const anonymous = (await (await t.request('/tips', { json: sampleTip() })).json()) as Record<
      string,
      string
    >;
    const owned = (await (await t.request('/tips', { json: sampleTip(), token: session })).json()) as Record<
      string,
      string
    >;
    // One carrier NAT, many people: 50 failed look-ups of other codes from the same address.
    const shared = { 'x-forwarded-for': '10.77.0.1' };
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const guess = `FZ-${String(1000 + i)}-0000-0`;
      statuses.add((await lookup(guess, `wrong-${i}`, shared)).status);
    }
    expect([...statuses].sort()).toEqual([404, 429]);
    expect((await lookup(anonymous.identityCode!, anonymous.receiptSecret, shared)).status).toBe(200);
    const bySession = await t.request('/tip', {
      token: session,
      headers: { 'ezhili-identity-code': owned.identityCode!, ...shared },
    });
    expect(bySession.status).toBe(200);
    // A wrong secret from that address is still refused without being looked at further.
    expect((await lookup(anonymous.identityCode!, 'wrong', shared)).status).toBe(429);
  });

  it('backs off exponentially on one code, whatever addresses the guesses come from', async () => {
    const receipt = (await (await t.request('/tips', { json: sampleTip() })).json()) as Record<
      string,
      string
    >;
    const guess = (i: number) =>
      lookup(receipt.identityCode!, `brute-${i}`, { 'x-forwarded-for': `10.88.${i >> 8}.${i & 255}` });
    let i = 0;
    for (; i < 10; i++) expect((await guess(i)).status).toBe(404);
    const pauses: number[] = [];
    for (let round = 0; round < 5; round++) {
      const refused = await guess(i++);
      expect(refused.status).toBe(429);
      const pause = Number(refused.headers.get('retry-after'));
      pauses.push(pause);
      t.clock.advance(pause * 1000);
      // After the pause one more wrong guess is answered (and counted), which doubles the next one.
      expect((await guess(i++)).status).toBe(404);
    }
    expect(pauses).toEqual([1, 2, 4, 8, 16]);
    // Throughout, the owner's secret opens the tip at once.
    expect((await lookup(receipt.identityCode!, receipt.receiptSecret)).status).toBe(200);
  });

  it('never locks the right secret out of a tip, however many wrong secrets others tried', async () => {
    const receipt = (await (await t.request('/tips', { json: sampleTip() })).json()) as Record<
      string,
      string
    >;
    for (let i = 0; i < 10; i++) {
      expect(
        (await lookup(receipt.identityCode!, `guess-${i}`, { 'x-forwarded-for': `10.20.0.${i}` })).status,
      ).toBe(404);
    }
    const guess = await lookup(receipt.identityCode!, 'guess-11', { 'x-forwarded-for': '10.20.1.1' });
    expect(guess.status).toBe(429);
    const owner = await lookup(receipt.identityCode!, receipt.receiptSecret, {
      'x-forwarded-for': '10.20.1.2',
    });
    expect(owner.status).toBe(200);
  });

  it.each([
    ['an empty description', { description: '   ' }, 400, 'validation'],
    ['an unknown district', { districtCode: '999999' }, 422, 'unknown_district'],
    ['a malformed district', { districtCode: 'Gulou' }, 400, 'validation'],
    ['an unknown category', { category: 'bad_vibes' }, 422, 'unknown_category'],
    ['a shop without name or platform ref', { shop: { address: 'somewhere' } }, 400, 'validation'],
    ['a time in the future', { observedAt: '2026-02-01T00:00:00Z' }, 422, 'observed_in_future'],
  ])('refuses %s and writes nothing', async (_label, overrides, status, code) => {
    const before = [await countRows('cases'), await countRows('tips'), await countRows('audit_events')];
    const response = await t.request('/tips', { json: sampleTip(overrides) });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
    expect([await countRows('cases'), await countRows('tips'), await countRows('audit_events')]).toEqual(
      before,
    );
  });

  it('routes by the registry shop when the tip names a platform listing', async () => {
    const now = t.clock.now().toISOString();
    await t.ctx.db.execute({
      sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, address, district_code, created_at, updated_at)
            VALUES ('shop_test1', 'meituan', 'mt-42', 'Listed Dumplings', '9 Cangshan Rd', '350104', ?, ?)`,
      args: [now, now],
    });
    const response = await t.request('/tips', {
      json: sampleTip({ shop: { platformId: 'meituan', platformShopId: 'mt-42' }, districtCode: '350102' }),
    });
    expect(response.status).toBe(201);
    const code = ((await response.json()) as { identityCode: string }).identityCode;
    const row = (
      await t.ctx.db.execute({
        sql: 'SELECT shop_id, shop_name, shop_district_code FROM cases WHERE identity_code = ?',
        args: [code],
      })
    ).rows[0];
    expect(row).toMatchObject({
      shop_id: 'shop_test1',
      shop_name: 'Listed Dumplings',
      shop_district_code: '350104',
    });
  });

  it('lets the reporter session that submitted a tip follow it without the secret, and no other session', async () => {
    const register = async (residentId: string, phone: string) => {
      const response = await t.request('/reporter/accounts', {
        json: {
          realName: '林小梅',
          residentId,
          phone,
          bankAccount: { bankName: 'Test Bank', accountNumber: '6222020200112233', accountName: '林小梅' },
          passphrase: 'a long enough passphrase',
        },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { token: string }).token;
    };
    const owner = await register('11010519491231002X', '13800138000');
    const stranger = await register('350102198706052318', '13900139000');
    const submitted = await t.request('/tips', {
      json: sampleTip(),
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(submitted.status).toBe(201);
    const { identityCode } = (await submitted.json()) as { identityCode: string };
    const asSession = (token: string) =>
      t.request('/tip', {
        headers: {
          'ezhili-identity-code': identityCode,
          authorization: `Bearer ${token}`,
          'x-forwarded-for': '10.7.7.7',
        },
      });
    expect((await asSession(owner)).status).toBe(200);
    const denied = await asSession(stranger);
    expect(denied.status).toBe(404);
    expect(await denied.json()).toMatchObject({ code: 'tip_not_found' });
    // The account link is stored for the rewards module, and nowhere a staff route reads.
    const linked = await t.ctx.db.execute({
      sql: 'SELECT t.reporter_id FROM tips t JOIN cases c ON c.id = t.case_id WHERE c.identity_code = ?',
      args: [identityCode],
    });
    expect(String(linked.rows[0]!.reporter_id)).toMatch(/^rep_/);
    const cases = await t.ctx.db.execute({
      sql: 'SELECT * FROM cases WHERE identity_code = ?',
      args: [identityCode],
    });
    expect(JSON.stringify(cases.rows)).not.toContain(String(linked.rows[0]!.reporter_id));
  });

  it('gives two tips of the same reporter unrelated identity codes', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        ((await (await t.request('/tips', { json: sampleTip() })).json()) as { identityCode: string })
          .identityCode,
      );
    }
    expect(new Set(codes).size).toBe(3);
    const bodies = codes.map((code) => code.split('-').slice(1, 3).join(''));
    for (let i = 1; i < bodies.length; i++) {
      const shared = [...bodies[i]!].filter((char, index) => bodies[0]![index] === char).length;
      expect(shared).toBeLessThan(6);
    }
  });

  it('replays a retried submission with the same Idempotency-Key instead of opening a second case', async () => {
    const before = await countRows('cases');
    const init = {
      json: sampleTip({ description: 'idempotent tip' }),
      headers: { 'idempotency-key': 'tip-key-1' },
    };
    const first = await t.request('/tips', init);
    const second = await t.request('/tips', init);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    // The replayed receipt (its secret inside) is as uncacheable as the first answer.
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(await second.json()).toEqual(await first.json());
    expect(await countRows('cases')).toBe(before + 1);
  });

  it('refuses the same Idempotency-Key with a different JSON body, opening nothing', async () => {
    await t.request('/tips', {
      json: sampleTip({ description: 'first body' }),
      headers: { 'idempotency-key': 'tip-key-2' },
    });
    const before = await countRows('cases');
    const other = await t.request('/tips', {
      json: sampleTip({ description: 'another body' }),
      headers: { 'idempotency-key': 'tip-key-2' },
    });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await countRows('cases')).toBe(before);
  });
});
