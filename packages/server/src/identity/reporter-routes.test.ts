import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstructAuditPrivateKey } from '../audit/audit-key.js';
import { openSealed, type SealedBox } from '../crypto/sealed-box.js';
import type { AppEnv } from '../http/app-env.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { auditEnvelopeAad } from './identity-envelopes.js';
import { openPayoutEnvelope } from './payout-envelope-access.js';
import { createReporterService } from './reporter-service.js';
import { optionalReporter, requireReporter } from './require-reporter.js';
import { residentIdCheckCharacter } from './resident-id.js';

const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

function person(n: number) {
  return {
    realName: `测试举报人${n}号`,
    residentId: residentId(`35010219880420${String(n).padStart(3, '0')}`),
    phone: `+86 139 ${String(5000 + n)} ${String(7000 + n)}`,
    bankAccount: {
      bankName: '福州测试银行',
      accountNumber: `62220219${String(n).padStart(11, '7')}`,
      accountName: `测试举报人${n}号`,
    },
    passphrase: `correct horse battery ${n}`,
  };
}

describe('reporter accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const register = (body: unknown) => t.request('/reporter/accounts', { json: body });
  const login = (phone: string, passphrase: string) =>
    t.request('/reporter/sessions', { json: { phone, passphrase } });
  const profile = (token: string) => t.request('/reporter/profile', { token });
  const update = (token: string, body: unknown) =>
    t.request('/reporter/profile', { method: 'PATCH', token, json: body });
  const tokenOf = async (response: Response) => {
    expect(response.status).toBe(201);
    return ((await response.json()) as { token: string }).token;
  };

  /** Every text and blob cell of every table, to prove no plaintext personal data is stored. */
  async function databaseText(): Promise<string> {
    const tables = await t.ctx.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await t.ctx.db.execute(`SELECT * FROM "${String(name)}"`);
      for (const row of rows.rows)
        parts.push(JSON.stringify(Object.values(row), (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
    }
    return parts.join('\n');
  }

  it('registers with the identity sealed, and shows it to the reporter alone', async () => {
    const alice = person(1);
    const token = await tokenOf(await register(alice));
    const response = await profile(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      realName: alice.realName,
      residentId: alice.residentId,
      phone: '13950017001',
      bankAccount: alice.bankAccount,
    });

    const stored = await databaseText();
    for (const secret of [
      alice.realName,
      alice.residentId,
      '13950017001',
      '5001 7001',
      alice.bankAccount.accountNumber,
      alice.passphrase,
    ]) {
      expect(stored).not.toContain(secret);
    }
    const events = await t.ctx.audit.list({ subjectType: 'reporter' });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['reporter.registered', 'reporter.profile_viewed']),
    );
    const eventText = JSON.stringify(events);
    expect(eventText).not.toContain(alice.realName);
    expect(eventText).not.toContain('13950017001');
    // The actor is never the account id (see AuditActor).
    expect(events.every((e) => e.actor.id === 'account-holder')).toBe(true);
    expect(t.logLines.join('\n')).not.toContain(alice.realName);
  });

  it('seals the audit envelope so that k auditors\u2019 shares, and only they, open it', async () => {
    const bob = person(2);
    await tokenOf(await register(bob));
    const rows = (
      await t.ctx.db.execute('SELECT reporter_id, identity_version, envelope FROM reporter_audit_envelopes')
    ).rows;
    const { shares } = JSON.parse(readFileSync(join(t.dataDir, 'demo-audit-shares.json'), 'utf8')) as {
      shares: string[];
    };
    await expect(reconstructAuditPrivateKey(t.ctx.auditKey, shares.slice(0, 1))).rejects.toThrow(
      /distinct shares/,
    );
    const privateKey = await reconstructAuditPrivateKey(t.ctx.auditKey, shares.slice(1, 3));
    const opened = rows.map((row) => {
      const box = JSON.parse(String(row.envelope)) as SealedBox;
      expect(box.kid).toBe(t.ctx.auditKey.kid);
      const aad = auditEnvelopeAad(String(row.reporter_id), Number(row.identity_version));
      // Bound to its reporter: an envelope does not open as another reporter's.
      expect(() => openSealed(privateKey, box, auditEnvelopeAad('rep_other', 1))).toThrow();
      return JSON.parse(openSealed(privateKey, box, aad).toString('utf8'));
    });
    expect(opened).toContainEqual({
      v: 1,
      realName: bob.realName,
      residentId: bob.residentId,
      phone: '13950027002',
      bankAccount: bob.bankAccount,
    });
    privateKey.fill(0);
  });

  it('opens the payout envelope for the payout module, auditing actor and reason', async () => {
    const row = (await t.ctx.db.execute('SELECT id FROM reporters ORDER BY created_at, id LIMIT 1')).rows[0]!;
    const identity = await openPayoutEnvelope(t.ctx, String(row.id), {
      actor: { type: 'staff', id: 'stf_finance' },
      reason: 'reward payout',
      subject: { type: 'reward', id: 'rwd_test' },
    });
    expect(identity.bankAccount.accountName).toBe(identity.realName);
    const [event] = await t.ctx.audit.list({ action: 'identity.payout_envelope_opened' });
    expect(event).toMatchObject({
      actor: { type: 'staff', id: 'stf_finance' },
      subject: { type: 'reward', id: 'rwd_test' },
      details: { reason: 'reward payout' },
    });
    // Nothing that two claims of one reporter would share (the identity version was such a key).
    expect(event!.details).toEqual({ reason: 'reward payout' });
    expect(JSON.stringify(event)).not.toContain(String(row.id));
    await expect(
      openPayoutEnvelope(t.ctx, 'rep_missing', {
        actor: { type: 'system', id: 'payout' },
        reason: 'x',
        subject: { type: 'reward', id: 'r' },
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('refuses invalid identities with field pointers, without echoing them or writing anything', async () => {
    const before = await t.ctx.db.execute('SELECT count(*) AS n FROM reporters');
    const bad = {
      ...person(3),
      residentId: '350102198804200031',
      phone: '12345',
      bankAccount: { ...person(3).bankAccount, accountNumber: '6222-abc-0000' },
    };
    const response = await register(bad);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('validation');
    const text = JSON.stringify(problem);
    expect(text).not.toContain('350102198804200031');

    const wrongCheck = await register({
      ...person(3),
      residentId: `${person(3).residentId.slice(0, 17)}${person(3).residentId.endsWith('0') ? '1' : '0'}`,
    });
    expect(wrongCheck.status).toBe(400);
    const wrongProblem = (await wrongCheck.json()) as {
      code: string;
      errors: { pointer: string; detail: string }[];
    };
    expect(wrongProblem.code).toBe('invalid_identity');
    expect(wrongProblem.errors).toEqual([
      { pointer: '#/residentId', detail: expect.stringContaining('check character') },
    ]);

    const badPhone = await register({ ...person(3), phone: '+86 123 4567 8901' });
    expect(((await badPhone.json()) as { errors: { pointer: string }[] }).errors).toEqual([
      { pointer: '#/phone', detail: expect.any(String) },
    ]);
    const after = await t.ctx.db.execute('SELECT count(*) AS n FROM reporters');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('does not reveal whether a phone number is registered', async () => {
    const carol = person(4);
    const first = await tokenOf(await register(carol));
    // Same phone, other passphrases: more accounts, each indistinguishable from a first one.
    const others = [];
    for (const n of [1, 2, 3]) {
      others.push(
        await tokenOf(
          await register({ ...carol, realName: `另一个人${n}`, passphrase: `another passphrase ${n}` }),
        ),
      );
    }
    expect((await (await profile(first)).json()).realName).toBe(carol.realName);
    expect((await (await profile(others[2]!)).json()).realName).toBe('另一个人3');
    const viaLogin = await tokenOf(await login(carol.phone, 'another passphrase 2'));
    expect((await (await profile(viaLogin)).json()).realName).toBe('另一个人2');
    // Same phone and passphrase again would shadow an account: refused (only someone who
    // knows the passphrase learns anything from this).
    const again = await register(carol);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('registration_refused');
  });

  it('logs in by phone and passphrase with one answer for every failure, then rate-limits', async () => {
    const dave = person(5);
    await tokenOf(await register(dave));
    expect(await tokenOf(await login('139-5005-7005', dave.passphrase))).toMatch(/^[\w-]{40,}$/);
    const wrong = await login(dave.phone, 'not the passphrase');
    const unknown = await login('13900000000', dave.passphrase);
    const malformed = await login('hello', dave.passphrase);
    for (const response of [wrong, unknown, malformed]) {
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('invalid_credentials');
    }
    for (let i = 0; i < 4; i++) expect((await login(dave.phone, 'still wrong')).status).toBe(401);
    const limited = await login(dave.phone, dave.passphrase);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('900');
    t.clock.advance(901_000);
    expect((await login(dave.phone, dave.passphrase)).status).toBe(201);
  });

  it('updates details only with the current passphrase, re-sealing a new version', async () => {
    const erin = person(6);
    const token = await tokenOf(await register(erin));
    const other = await tokenOf(await login(erin.phone, erin.passphrase));
    const newAccount = { accountNumber: '6222 0000 1111 2222 333' };

    const refused = await update(token, { currentPassphrase: 'wrong one', bankAccount: newAccount });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('passphrase_mismatch');
    expect((await (await profile(token)).json()).bankAccount.accountNumber).toBe(
      erin.bankAccount.accountNumber,
    );

    const changed = await update(token, {
      currentPassphrase: erin.passphrase,
      bankAccount: newAccount,
      newPassphrase: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      realName: erin.realName,
      bankAccount: { ...erin.bankAccount, accountNumber: '6222000011112222333' },
    });
    // The other session ended with the passphrase change; this one lives on.
    expect((await profile(other)).status).toBe(401);
    expect((await profile(token)).status).toBe(200);
    expect((await login(erin.phone, erin.passphrase)).status).toBe(401);
    await tokenOf(await login(erin.phone, 'a brand new passphrase'));

    const [event] = await t.ctx.audit.list({ action: 'reporter.profile_updated' });
    expect(event!.details).toEqual({ changed: ['bankAccount', 'passphrase'] });
    const versions = await t.ctx.db.execute({
      sql: 'SELECT identity_version FROM reporter_audit_envelopes WHERE reporter_id = ? ORDER BY identity_version',
      args: [event!.subject!.id],
    });
    expect(versions.rows.map((r) => Number(r.identity_version))).toEqual([1, 2]);
    expect(await databaseText()).not.toContain('6222000011112222333');
  });

  it('moves the login to a new phone number when the phone changes', async () => {
    const heidi = person(9);
    const token = await tokenOf(await register(heidi));
    const changed = await update(token, { currentPassphrase: heidi.passphrase, phone: '139 0999 8888' });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { phone: string }).phone).toBe('13909998888');
    expect((await login(heidi.phone, heidi.passphrase)).status).toBe(401);
    await tokenOf(await login('13909998888', heidi.passphrase));
    const [event] = await t.ctx.audit.list({ action: 'reporter.profile_updated' });
    expect(event!.details).toEqual({ changed: ['phone'] });
    expect(await databaseText()).not.toContain('13909998888');
  });

  it('ends sessions on logout and on expiry', async () => {
    const frank = person(7);
    const token = await tokenOf(await register(frank));
    const logout = await t.request('/reporter/sessions/current', { method: 'DELETE', token });
    expect(logout.status).toBe(204);
    expect((await profile(token)).status).toBe(401);
    const fresh = await tokenOf(await login(frank.phone, frank.passphrase));
    t.clock.advance(2 * 3600 * 1000 + 1);
    const expired = await profile(fresh);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('invalid_session');
    expect((await profile('not-a-token')).status).toBe(401);
    // A staff token is not a reporter session: staff cannot read a reporter's details.
    expect((await profile(await t.login('intake@demo.local'))).status).toBe(401);
    expect((await t.request('/reporter/profile')).status).toBe(401);
  });

  it('limits registrations per client address', async () => {
    const strict = createReporterService({
      ...t.ctx,
      config: {
        ...t.ctx.config,
        loginRateLimit: { ...t.ctx.config.loginRateLimit, maxFailuresPerAddress: 3 },
      },
    });
    for (const n of [20, 21, 22]) await strict.register(person(n), '203.0.113.9');
    await expect(strict.register(person(23), '203.0.113.9')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    // Another address is not affected.
    await strict.register(person(23), '198.51.100.4');
  });

  it('gives routes the reporter through requireReporter and optionalReporter', async () => {
    const grace = person(8);
    const token = await tokenOf(await register(grace));
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('ctx', t.ctx);
      c.set('principal', 'anonymous');
      await next();
    });
    app.onError((error) => new Response(null, { status: (error as { status?: number }).status ?? 500 }));
    const seen = (c: { get(name: 'principal'): string; var: { reporter?: { reporterId: string } } }) =>
      Response.json({ principal: c.get('principal'), reporterId: c.var.reporter?.reporterId ?? null });
    app.get('/required', requireReporter(), (c) => seen(c));
    app.get('/optional', optionalReporter(), (c) => seen(c));
    const call = (path: string, auth?: string) =>
      app.request(path, auth ? { headers: { authorization: auth } } : {});

    expect(await (await call('/optional')).json()).toEqual({ principal: 'anonymous', reporterId: null });
    const withSession = (await (await call('/optional', `Bearer ${token}`)).json()) as {
      principal: string;
      reporterId: string;
    };
    expect(withSession.reporterId).toMatch(/^rep_/);
    expect(withSession.principal).toMatch(/^reporter:[0-9a-f]{24}$/);
    expect(withSession.principal).not.toContain(withSession.reporterId);
    expect((await call('/optional', 'Bearer expired-or-forged')).status).toBe(401);
    expect((await call('/required')).status).toBe(401);
    expect((await call('/required', `Bearer ${token}`)).status).toBe(200);
  });
});
