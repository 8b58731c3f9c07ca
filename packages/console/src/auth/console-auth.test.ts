import { describe, expect, it } from 'vitest';
import { fakeApi, problemBody } from '../testing/fake-api.js';
import { staffWith } from '../testing/render-console.js';
import { announcedSignIn, cookieAuth } from './console-auth.js';

const staff = staffWith(['intake']);
const session = {
  staff,
  csrfToken: 'csrf-123',
  source: 'local',
  idleTimeoutSeconds: 900,
  idleExpiresAt: '2026-12-03T10:15:00.000Z',
  expiresAt: '2026-12-03T18:00:00.000Z',
};

describe('cookie mode', () => {
  it('signs in under /console/api, sends the CSRF token on later calls, no Authorization, and follows the idle expiry', async () => {
    const fake = fakeApi({
      'POST /console/api/staff/console-sessions': { status: 201, body: session },
      'GET /console/api/districts': { body: { items: [] }, headers: { 'Ezhili-Session-Expires-In': '600' } },
    });
    const auth = cookieAuth('http://console.test', { password: true, oidcUrl: null }, fake.fetch);
    const ends: string[] = [];
    auth.onExpiry((at) => ends.push(at));
    const signedIn = await auth.signIn('intake@demo.local', 'demo');
    expect(signedIn).toEqual({ staff, expiresAt: session.idleExpiresAt });
    const before = Date.now();
    await auth.client.reference.listDistricts();
    const call = fake.requests.at(-1)!;
    expect(call.path).toBe('/console/api/districts');
    expect(call.headers.get('x-ezhili-csrf')).toBe('csrf-123');
    expect(call.headers.get('authorization')).toBeNull();
    expect(ends).toHaveLength(1);
    expect(Date.parse(ends[0]!) - before).toBeGreaterThanOrEqual(599_000);
    expect(Date.parse(ends[0]!) - before).toBeLessThan(610_000);
  });

  it('resumes the browser session after a reload, and none after a 401', async () => {
    const live = cookieAuth(
      'http://console.test',
      { password: true, oidcUrl: null },
      fakeApi({ 'GET /console/api/staff/console-sessions/current': { body: session } }).fetch,
    );
    expect((await live.resume())?.staff).toEqual(staff);
    const ended = cookieAuth(
      'http://console.test',
      { password: true, oidcUrl: null },
      fakeApi({
        'GET /console/api/staff/console-sessions/current': problemBody(
          401,
          'session_expired',
          'The session has ended.',
        ),
      }).fetch,
    );
    expect(await ended.resume()).toBeNull();
  });

  it('reads the sign-in methods the server announces', () => {
    const doc = document.implementation.createHTMLDocument('x');
    expect(announcedSignIn(doc)).toBeNull();
    doc.head.innerHTML = '<meta name="ezhili-sign-in" content="password oidc">';
    expect(announcedSignIn(doc)).toEqual({ password: true, oidcUrl: '' });
    const auth = cookieAuth('http://console.test', announcedSignIn(doc)!);
    expect(auth.methods.oidcUrl).toBe('http://console.test/console/api/staff/console-sessions/oidc');
  });
});
