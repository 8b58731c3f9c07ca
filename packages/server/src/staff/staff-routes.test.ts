import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('staff sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  });
  afterAll(() => t.close());

  it('logs in with the demo password and says who I am', async () => {
    const response = await t.request('/staff/sessions', {
      json: { email: 'district@demo.local', password: 'demo' },
    });
    expect(response.status).toBe(201);
    const session = (await response.json()) as { token: string; tokenType: string; expiresAt: string };
    expect(session.tokenType).toBe('Bearer');
    const lifetime = new Date(session.expiresAt).getTime() - t.clock.now().getTime();
    expect(lifetime).toBeGreaterThan(899_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);
    const me = await t.request('/staff/me', { token: session.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: 'district@demo.local',
      roles: ['district_handler'],
      districtCode: '350102',
    });
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    const wrong = await t.request('/staff/sessions', {
      json: { email: 'finance@demo.local', password: 'nope' },
    });
    const unknown = await t.request('/staff/sessions', {
      json: { email: 'ghost@demo.local', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(await wrong.json())).toEqual(strip(await unknown.json()));
  });

  it('rate-limits an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      await t.request('/staff/sessions', { json: { email: 'auditor3@demo.local', password: `bad-${i}` } });
    }
    const blocked = await t.request('/staff/sessions', {
      json: { email: 'auditor3@demo.local', password: 'demo' },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('content-type')).toBe('application/problem+json');
    t.clock.advance(16 * 60 * 1000);
    const later = await t.request('/staff/sessions', {
      json: { email: 'auditor3@demo.local', password: 'demo' },
    });
    expect(later.status).toBe(201);
  });

  it('refuses missing, malformed, forged and expired tokens', async () => {
    expect((await t.request('/staff/me')).status).toBe(401);
    expect((await t.request('/staff/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ezhili')
      .setAudience('ezhili-staff')
      .setSubject('stf_x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret'));
    const forgedResponse = await t.request('/staff/me', { token: forged });
    expect(forgedResponse.status).toBe(401);
    expect(await forgedResponse.json()).toMatchObject({ code: 'invalid_token' });
    const token = await t.login('intake@demo.local');
    t.clock.advance(901_000);
    expect((await t.request('/staff/me', { token })).status).toBe(401);
  });

  it('stops a disabled user’s token at once, and follows role changes', async () => {
    const token = await t.login('finance@demo.local');
    await t.ctx.db.execute(
      `UPDATE staff_users SET roles = '["finance","auditor"]' WHERE email = 'finance@demo.local'`,
    );
    expect(((await (await t.request('/staff/me', { token })).json()) as { roles: string[] }).roles).toEqual([
      'finance',
      'auditor',
    ]);
    const { createStaffService } = await import('./staff-service.js');
    expect(await createStaffService(t.ctx).setDisabled('finance@demo.local', true)).toBe(true);
    expect((await t.request('/staff/me', { token })).status).toBe(401);
    expect(
      (await t.request('/staff/sessions', { json: { email: 'finance@demo.local', password: 'demo' } }))
        .status,
    ).toBe(401);
    await createStaffService(t.ctx).setDisabled('finance@demo.local', false);
  });

  it('records logins in the audit log without the password', async () => {
    const events = await t.ctx.audit.list({ action: 'staff.login' });
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain('demo"');
  });
});

describe('OIDC mode', () => {
  let t: TestApp;
  let issuerUrl: string;
  let privateKey: CryptoKey;
  const server = createServer();

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    server.on('request', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({ OIDC_ISSUER: issuerUrl, OIDC_AUDIENCE: 'ezhili-test' });
  });
  afterAll(() => {
    t.close();
    server.close();
  });

  const idpToken = (claims: Record<string, unknown>, audience = 'ezhili-test') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setIssuer(issuerUrl)
      .setAudience(audience)
      .setSubject('alice')
      .setIssuedAt(Math.floor(t.clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(t.clock.now().getTime() / 1000) + 300)
      .sign(privateKey);

  it('accepts a provider token verified through its JWKS and maps roles', async () => {
    const token = await idpToken({
      ezhili_roles: ['district_handler', 'not-a-role'],
      ezhili_district: '350104',
      email: 'alice@bureau.gov.cn',
    });
    const me = await t.request('/staff/me', { token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      id: 'oidc:alice',
      roles: ['district_handler'],
      districtCode: '350104',
      email: 'alice@bureau.gov.cn',
    });
  });

  it('refuses a provider token for another audience', async () => {
    const token = await idpToken({ ezhili_roles: ['admin'] }, 'someone-else');
    expect((await t.request('/staff/me', { token })).status).toBe(401);
  });

  it('still accepts local logins beside the provider', async () => {
    const token = await t.login('admin@demo.local');
    expect((await t.request('/staff/me', { token })).status).toBe(200);
  });
});
