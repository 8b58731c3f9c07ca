import { describe, expect, it } from 'vitest';
import { EzhiliClient } from '../client.js';
import { fakeTime } from '../testing/fake-time.js';

/** A stand-in server that records requests and answers from a script of statuses. */
function recordingFetch(statuses: number[]) {
  const sent: Request[] = [];
  const fetchImpl = (async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push(request);
    const status = statuses.shift() ?? 200;
    return new Response(JSON.stringify({ items: [] }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

describe('a browser client on a cookie session (the console)', () => {
  it('sends no Authorization, passes credentials to fetch, and reads extra headers afresh per attempt', async () => {
    const { sent, fetchImpl } = recordingFetch([503, 200]);
    let csrf = 'csrf-1';
    const ezhili = new EzhiliClient(
      {
        baseUrl: 'http://console.test',
        fetch: fetchImpl,
        credentials: 'include',
        headers: () => ({ 'X-CSRF-Token': csrf }),
      },
      fakeTime().internals,
    );
    const call = ezhili.reference.listDistricts();
    csrf = 'csrf-2';
    await call;
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.credentials)).toEqual(['include', 'include']);
    expect(sent.map((request) => request.headers.get('authorization'))).toEqual([null, null]);
    // The first attempt read the header before it changed; the retry reads it again.
    expect(sent.map((request) => request.headers.get('x-csrf-token'))).toEqual(['csrf-1', 'csrf-2']);
  });

  it('takes static extra headers too, and a per-call header wins', async () => {
    const { sent, fetchImpl } = recordingFetch([200]);
    const ezhili = new EzhiliClient({
      baseUrl: 'http://console.test',
      fetch: fetchImpl,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': 'static', 'X-Console': '1' },
    });
    await ezhili.reference.listDistricts({ headers: { 'X-CSRF-Token': 'per-call' } });
    expect(sent[0]!.credentials).toBe('same-origin');
    expect(sent[0]!.headers.get('x-csrf-token')).toBe('per-call');
    expect(sent[0]!.headers.get('x-console')).toBe('1');
  });
});

describe('console sign-in through the SDK', () => {
  /** A stand-in console API: answers the session operations and records what was sent. */
  function consoleFetch() {
    const sent: Request[] = [];
    const session = {
      staff: {
        id: 'stf_1',
        email: 'intake@demo.local',
        displayName: 'Intake',
        roles: ['intake'],
        districtCode: null,
      },
      csrfToken: 'csrf-from-server',
      source: 'local',
      idleTimeoutSeconds: 900,
      idleExpiresAt: '2026-03-02T09:15:00.000Z',
      expiresAt: '2026-03-02T17:00:00.000Z',
    };
    const fetchImpl = (async (input: Request | URL | string, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      // A real fetch reads the body it sends (ky waits for that).
      await request.text();
      const path = new URL(request.url).pathname;
      if (request.method === 'DELETE') return new Response(null, { status: 204 });
      const body =
        path.endsWith('/staff/console-sessions') || path.endsWith('/current') ? session : { items: [] };
      return new Response(JSON.stringify(body), {
        status: request.method === 'POST' ? 201 : 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    return { sent, fetchImpl };
  }

  it('keeps the CSRF token from sign-in, sends it on later calls under /console/api, and drops it on sign-out', async () => {
    const { sent, fetchImpl } = consoleFetch();
    const ezhili = new EzhiliClient({
      baseUrl: 'http://console.test/console/api',
      fetch: fetchImpl,
      credentials: 'same-origin',
    });
    const session = await ezhili.staff.consoleSignIn({ email: 'intake@demo.local', password: 'demo' });
    expect(session.csrfToken).toBe('csrf-from-server');
    await ezhili.reference.listDistricts();
    await ezhili.staff.consoleSignOut();
    await ezhili.reference.listDistricts();
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual([
      '/console/api/staff/console-sessions',
      '/console/api/districts',
      '/console/api/staff/console-sessions/current',
      '/console/api/districts',
    ]);
    expect(sent.map((request) => request.headers.get('x-ezhili-csrf'))).toEqual([
      null,
      'csrf-from-server',
      'csrf-from-server',
      null,
    ]);
    expect(sent.map((request) => request.headers.get('authorization'))).toEqual([null, null, null, null]);
    expect(ezhili.staff.consoleOidcSignInUrl()).toBe(
      'http://console.test/console/api/staff/console-sessions/oidc',
    );
  });

  it('picks the CSRF token up again from the current session after a reload', async () => {
    const { sent, fetchImpl } = consoleFetch();
    const ezhili = new EzhiliClient({ baseUrl: 'http://console.test/console/api', fetch: fetchImpl });
    await ezhili.staff.consoleSession();
    await ezhili.reference.listDistricts();
    expect(sent[1]!.headers.get('x-ezhili-csrf')).toBe('csrf-from-server');
  });
});
