import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffService } from '../staff/staff-service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const ORIGIN = 'http://localhost';
const API = '/console/api';

interface Signed {
  cookie: string;
  csrf: string;
  setCookie: string;
  body: Record<string, unknown>;
}

describe('console sessions (cookie, CSRF, expiry)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy: without X-Forwarded-Proto a request is plain http.
    t = await createTestApp({
      CONSOLE_IDLE_TIMEOUT_SECONDS: '900',
      CONSOLE_SESSION_MAX_SECONDS: '3600',
      TRUST_PROXY: 'true',
    });
  });
  afterAll(() => t.close());

  async function signIn(
    email: string,
    headers: Record<string, string> = {},
    url = `${API}/staff/console-sessions`,
  ) {
    const response = await t.request(url, {
      json: { email, password: 'demo' },
      headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...headers },
    });
    expect(response.status).toBe(201);
    const setCookie = response.headers.get('set-cookie') ?? '';
    const body = (await response.json()) as Record<string, unknown>;
    return {
      cookie: setCookie.split(';')[0]!,
      csrf: String(body.csrfToken),
      setCookie,
      body,
    } satisfies Signed;
  }

  const asConsole = (session: Signed, path: string, init: RequestInit & { json?: unknown } = {}) =>
    t.request(`${API}${path}`, {
      ...init,
      headers: {
        cookie: session.cookie,
        origin: ORIGIN,
        'x-ezhili-csrf': session.csrf,
        ...(init.headers as object),
      },
    });

  it('signs in with an HttpOnly, SameSite=Strict cookie scoped to the console API; the token is in no body', async () => {
    const session = await signIn('intake@demo.local');
    expect(session.setCookie).toMatch(/^ezhili_console=[\w-]{40,};/);
    expect(session.setCookie).toContain('HttpOnly');
    expect(session.setCookie).toContain('SameSite=Strict');
    expect(session.setCookie).toContain('Path=/console/api');
    expect(session.setCookie).toContain('Max-Age=3600');
    expect(session.setCookie).not.toContain('Secure');
    const token = session.cookie.split('=')[1]!;
    expect(JSON.stringify(session.body)).not.toContain(token);
    expect(session.body).toMatchObject({
      staff: { email: 'intake@demo.local', roles: ['intake'] },
      source: 'local',
      idleTimeoutSeconds: 900,
    });
    expect(new Date(String(session.body.expiresAt)).getTime() - t.clock.now().getTime()).toBe(3_600_000);

    const me = await asConsole(session, '/staff/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'intake@demo.local' });
    expect(me.headers.get('ezhili-session-expires-in')).toBe('900');
    // The cookie counts under /console/api only: the canonical path wants a bearer token.
    const outside = await t.request('/staff/me', { headers: { cookie: session.cookie } });
    expect(outside.status).toBe(401);
    // Bearer tokens keep working, under the prefix too.
    const token2 = await t.login('finance@demo.local');
    expect((await t.request(`${API}/staff/me`, { token: token2 })).status).toBe(200);
  });

  it('reads the session back after a reload, no-store, with the CSRF token', async () => {
    const session = await signIn('district@demo.local');
    const current = await asConsole(session, '/staff/console-sessions/current');
    expect(current.status).toBe(200);
    expect(current.headers.get('cache-control')).toBe('no-store');
    expect(await current.json()).toMatchObject({
      csrfToken: session.csrf,
      staff: { districtCode: '350102' },
    });
    const bearer = await t.request(`${API}/staff/console-sessions/current`, {
      token: await t.login('district@demo.local'),
    });
    expect(bearer.status).toBe(401);
  });

  it('refuses unsafe cookie requests without the CSRF header or from another origin, and changes nothing', async () => {
    const session = await signIn('admin@demo.local');
    const partner = (id: string) => ({
      id,
      name: 'Csrf Test',
      allowedOrigins: ['https://csrf.example'],
    });
    const count = async () =>
      ((await (await asConsole(session, '/partners')).json()) as { items: { id: string }[] }).items.length;
    const before = await count();

    const noHeader = await asConsole(session, '/partners', {
      method: 'POST',
      body: JSON.stringify(partner('csrf-a')),
      headers: { 'content-type': 'application/json', 'x-ezhili-csrf': '' },
    });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ code: 'csrf_failed' });

    const wrongOrigin = await asConsole(session, '/partners', {
      method: 'POST',
      body: JSON.stringify(partner('csrf-b')),
      headers: { 'content-type': 'application/json', origin: 'http://localhost:9999' },
    });
    expect(wrongOrigin.status).toBe(403);
    expect(await wrongOrigin.json()).toMatchObject({ code: 'origin_not_allowed' });

    const crossSite = await asConsole(session, '/partners', {
      method: 'POST',
      body: JSON.stringify(partner('csrf-c')),
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(await count()).toBe(before);

    const ok = await asConsole(session, '/partners', {
      method: 'POST',
      body: JSON.stringify(partner('csrf-d')),
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('refuses a sign-in from another origin (no login CSRF) and sets no cookie', async () => {
    const response = await t.request(`${API}/staff/console-sessions`, {
      json: { email: 'intake@demo.local', password: 'demo' },
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
    const noOrigin = await t.request(`${API}/staff/console-sessions`, {
      json: { email: 'intake@demo.local', password: 'demo' },
    });
    expect(noOrigin.status).toBe(403);
  });

  it('has no OIDC sign-in where no provider is configured', async () => {
    const response = await t.request(`${API}/staff/console-sessions/oidc`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'oidc_not_configured' });
  });

  it('answers no CORS under /console/api, while the bearer API keeps its CORS', async () => {
    const preflight = (path: string) =>
      t.request(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
    expect((await preflight(`${API}/partners`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('/partners')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('expires after the idle timeout, and activity keeps it alive until the absolute end', async () => {
    const idle = await signIn('auditor1@demo.local');
    t.clock.advance(14 * 60 * 1000);
    const alive = await asConsole(idle, '/staff/me');
    expect(alive.status).toBe(200);
    expect(alive.headers.get('ezhili-session-expires-in')).toBe('900');
    t.clock.advance(15 * 60 * 1000 + 1000);
    const gone = await asConsole(idle, '/staff/me');
    expect(gone.status).toBe(401);
    expect(await gone.json()).toMatchObject({ code: 'session_expired' });

    const busy = await signIn('auditor2@demo.local');
    for (let minute = 10; minute < 60; minute += 10) {
      t.clock.advance(10 * 60 * 1000);
      const response = await asConsole(busy, '/staff/me');
      expect(response.status).toBe(200);
      // The warning counts down to the absolute end once it is nearer than the idle timeout.
      expect(Number(response.headers.get('ezhili-session-expires-in'))).toBe(
        Math.min(900, (60 - minute) * 60),
      );
    }
    t.clock.advance(10 * 60 * 1000);
    expect((await asConsole(busy, '/staff/me')).status).toBe(401);
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const session = await signIn('committee@demo.local');
    const withoutCsrf = await asConsole(session, '/staff/console-sessions/current', {
      method: 'DELETE',
      headers: { 'x-ezhili-csrf': 'guess' },
    });
    expect(withoutCsrf.status).toBe(403);
    const out = await asConsole(session, '/staff/console-sessions/current', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^ezhili_console=; Max-Age=0;.*Path=\/console\/api/);
    expect((await asConsole(session, '/staff/me')).status).toBe(401);
  });

  it('stops a session at once when the account is disabled', async () => {
    const session = await signIn('detachment@demo.local');
    expect((await asConsole(session, '/staff/me')).status).toBe(200);
    await createStaffService(t.ctx).setDisabled('detachment@demo.local', true);
    expect((await asConsole(session, '/staff/me')).status).toBe(401);
    await createStaffService(t.ctx).setDisabled('detachment@demo.local', false);
  });

  it('marks the cookie Secure on https, directly or behind a trusted proxy', async () => {
    const direct = await signIn(
      'finance@demo.local',
      { origin: 'https://localhost' },
      `https://localhost${API}/staff/console-sessions`,
    );
    expect(direct.setCookie).toContain('Secure');
    const proxied = await signIn('finance@demo.local', {
      origin: 'https://localhost',
      'x-forwarded-proto': 'https',
    });
    expect(proxied.setCookie).toContain('Secure');
  });
});
