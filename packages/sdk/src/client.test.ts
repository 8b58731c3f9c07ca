import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { EzhiliClient } from './client.js';
import type { ClientOptions } from './core/options.js';
import { EzhiliAuthenticationError } from './errors/ezhili-authentication-error.js';
import { EzhiliConflictError } from './errors/ezhili-conflict-error.js';
import { EzhiliConnectionError } from './errors/ezhili-connection-error.js';
import { EzhiliError } from './errors/ezhili-error.js';
import { EzhiliNotFoundError } from './errors/ezhili-not-found-error.js';
import { EzhiliPermissionError } from './errors/ezhili-permission-error.js';
import { EzhiliRateLimitError } from './errors/ezhili-rate-limit-error.js';
import { EzhiliServerError } from './errors/ezhili-server-error.js';
import { EzhiliValidationError } from './errors/ezhili-validation-error.js';
import { fakeTime } from './testing/fake-time.js';
import { recordRequests, useStrictNock } from './testing/nock-recorder.js';
import { VERSION } from './version.js';

const BASE = 'http://ezhili.test';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PROBLEM = { 'Content-Type': 'application/problem+json' };

const staffMember = {
  id: 'stf_1',
  email: 'intake@demo.local',
  displayName: 'Intake officer',
  roles: ['intake'],
  districtCode: null,
};
const session = {
  token: 'tok-1',
  tokenType: 'Bearer',
  expiresAt: '2026-11-27T13:00:00Z',
  staff: staffMember,
};
const credentials = { email: 'intake@demo.local', password: 'demo' };

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://ezhili.org/problems/${code}`,
    title: 'Title',
    status,
    code,
    requestId: 'req-1',
    ...extra,
  };
}

function client(options: Partial<ClientOptions> = {}, time = fakeTime()) {
  return { client: new EzhiliClient({ baseUrl: BASE, ...options }, time.internals), sleeps: time.sleeps };
}

useStrictNock();

describe('idempotency keys', () => {
  it('sends a generated Idempotency-Key with a POST and reuses it on every retry', async () => {
    const { headers: seen, reply } = recordRequests();
    nock(BASE)
      .post('/staff/sessions')
      .reply(reply(503, problem(503, 'unavailable'), PROBLEM))
      .post('/staff/sessions')
      .reply(reply(500, problem(500, 'internal'), PROBLEM))
      .post('/staff/sessions')
      .reply(reply(201, session));
    const { client: ezhili } = client();
    await ezhili.staff.login(credentials);
    expect(seen).toHaveLength(3);
    const keys = seen.map((headers) => headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys).size).toBe(1);
  });

  it('generates a different key for each call', async () => {
    const { headers: seen, reply } = recordRequests();
    nock(BASE).post('/staff/sessions').twice().reply(reply(201, session));
    const { client: ezhili } = client();
    await ezhili.staff.login(credentials);
    await ezhili.staff.login(credentials);
    expect(seen[0]!['idempotency-key']).not.toBe(seen[1]!['idempotency-key']);
  });

  it("uses the caller's key when given, and sends none on a GET", async () => {
    const { headers: seen, reply } = recordRequests();
    nock(BASE)
      .post('/staff/sessions')
      .reply(reply(201, session))
      .get('/staff/me')
      .reply(reply(200, staffMember));
    const { client: ezhili } = client();
    await ezhili.staff.login(credentials, { idempotencyKey: 'login-2026-11-27-a' });
    await ezhili.staff.me();
    expect(seen[0]!['idempotency-key']).toBe('login-2026-11-27-a');
    expect(seen[1]!['idempotency-key']).toBeUndefined();
  });

  it('refuses a key the server would reject, before sending anything', async () => {
    const { client: ezhili } = client();
    await expect(ezhili.staff.login(credentials, { idempotencyKey: 'has space' })).rejects.toThrow(TypeError);
  });

  it('surfaces 409 idempotency_key_reused as EzhiliConflictError once retries are exhausted', async () => {
    const { headers: seen, reply } = recordRequests();
    const reused = problem(409, 'idempotency_key_reused', {
      detail: 'This Idempotency-Key was used with a different request body.',
    });
    nock(BASE)
      .post('/staff/sessions')
      .times(3)
      .reply(reply(409, reused, PROBLEM));
    const { client: ezhili, sleeps } = client();
    const error = await ezhili.staff.login(credentials, { idempotencyKey: 'k-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 'idempotency_key_reused',
      message: 'This Idempotency-Key was used with a different request body.',
      idempotencyKey: 'k-1',
    });
    expect(seen.map((headers) => headers['idempotency-key'])).toEqual(['k-1', 'k-1', 'k-1']);
    expect(sleeps).toHaveLength(2);
  });
});

describe('retries', () => {
  it('retries a 503 with jittered exponential backoff, then succeeds', async () => {
    nock(BASE)
      .get('/districts')
      .times(2)
      .reply(503, problem(503, 'unavailable'), PROBLEM)
      .get('/districts')
      .reply(200, { items: [] });
    const { client: ezhili, sleeps } = client();
    await expect(ezhili.reference.listDistricts()).resolves.toEqual({ items: [] });
    // random() = 0.5 of a ceiling of 500 ms, then 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it('honours Retry-After in seconds', async () => {
    nock(BASE)
      .get('/districts')
      .reply(429, problem(429, 'rate_limited'), { ...PROBLEM, 'Retry-After': '3' })
      .get('/districts')
      .reply(200, { items: [] });
    const { client: ezhili, sleeps } = client();
    await ezhili.reference.listDistricts();
    expect(sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0);
    nock(BASE)
      .get('/districts')
      .reply(503, problem(503, 'unavailable'), {
        ...PROBLEM,
        'Retry-After': new Date(now + 7000).toUTCString(),
      })
      .get('/districts')
      .reply(200, { items: [] });
    const { client: ezhili, sleeps } = client({}, fakeTime({ now }));
    await ezhili.reference.listDistricts();
    expect(sleeps).toEqual([7000]);
  });

  it('does not wait out a long Retry-After: throws EzhiliRateLimitError with retryAfter', async () => {
    nock(BASE)
      .post('/staff/sessions')
      .reply(429, problem(429, 'too_many_attempts'), { ...PROBLEM, 'Retry-After': '900' });
    const { client: ezhili, sleeps } = client();
    const error = await ezhili.staff.login(credentials).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliRateLimitError);
    expect((error as EzhiliRateLimitError).retryAfter).toBe(900);
    expect(sleeps).toEqual([]);
  });

  it.each([
    [400, EzhiliValidationError],
    [401, EzhiliAuthenticationError],
    [403, EzhiliPermissionError],
    [404, EzhiliNotFoundError],
  ])('does not retry a %i', async (status, type) => {
    const { headers: seen, reply } = recordRequests();
    nock(BASE)
      .get('/staff/me')
      .reply(reply(status, problem(status, 'x'), PROBLEM));
    const { client: ezhili, sleeps } = client({ token: 't' });
    await expect(ezhili.staff.me()).rejects.toBeInstanceOf(type);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('turns connection failures into EzhiliConnectionError after the retries', async () => {
    nock(BASE)
      .post('/staff/sessions')
      .times(3)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const { client: ezhili, sleeps } = client();
    const error = await ezhili.staff.login(credentials).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliConnectionError);
    expect(error).toBeInstanceOf(EzhiliError);
    expect(error).toMatchObject({ status: undefined, timedOut: false });
    expect((error as EzhiliConnectionError).idempotencyKey).toMatch(UUID);
    expect(sleeps).toHaveLength(2);
  });

  it('reports a timeout as a timed-out EzhiliConnectionError', async () => {
    nock(BASE).get('/healthz').delay(500).reply(200, {});
    const { client: ezhili } = client({ timeout: 50, maxRetries: 0 });
    const error = await ezhili.system.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliConnectionError);
    expect(error).toMatchObject({ timedOut: true, message: 'The request timed out.' });
  });

  it('makes no retry with maxRetries 0, per client or per call', async () => {
    nock(BASE).get('/districts').times(2).reply(503, problem(503, 'unavailable'), PROBLEM);
    const { client: ezhili } = client({ maxRetries: 0 });
    await expect(ezhili.reference.listDistricts()).rejects.toBeInstanceOf(EzhiliServerError);
    const { client: other } = client();
    await expect(other.reference.listDistricts({ maxRetries: 0 })).rejects.toBeInstanceOf(EzhiliServerError);
  });

  it('stops waiting when the caller aborts, rejecting with the abort reason', async () => {
    nock(BASE).get('/districts').reply(503, problem(503, 'unavailable'), PROBLEM);
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const ezhili = new EzhiliClient(
      { baseUrl: BASE },
      {
        sleep: async (_ms, signal) => {
          controller.abort(reason);
          if (signal?.aborted) throw signal.reason;
        },
      },
    );
    await expect(ezhili.reference.listDistricts({ signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('errors', () => {
  it.each([
    [400, EzhiliValidationError],
    [422, EzhiliValidationError],
    [401, EzhiliAuthenticationError],
    [403, EzhiliPermissionError],
    [404, EzhiliNotFoundError],
    [409, EzhiliConflictError],
    [429, EzhiliRateLimitError],
    [500, EzhiliServerError],
    [503, EzhiliServerError],
    [413, EzhiliError],
  ])('maps a %i problem to %o with code, requestId and problem', async (status, type) => {
    const body = problem(status, 'some_code', { detail: `detail of ${status}` });
    nock(BASE).get('/staff/me').reply(status, body, PROBLEM);
    const { client: ezhili } = client({ maxRetries: 0, token: 't' });
    const error = (await ezhili.staff.me().catch((e: unknown) => e)) as EzhiliError;
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(EzhiliError);
    expect(error.name).toBe(type.name);
    expect(error).toMatchObject({
      status,
      code: 'some_code',
      requestId: 'req-1',
      message: `detail of ${status}`,
      problem: body,
    });
  });

  it('gives validation failures their field errors', async () => {
    const errors = [{ pointer: '/email', detail: 'must be an email' }];
    nock(BASE)
      .post('/staff/sessions')
      .reply(400, problem(400, 'validation', { title: 'Bad request', errors }), PROBLEM);
    const { client: ezhili } = client();
    const error = (await ezhili.staff.login(credentials).catch((e: unknown) => e)) as EzhiliValidationError;
    expect(error.errors).toEqual(errors);
    expect(error.message).toBe('Bad request');
  });

  it('still yields a sensible error from a body that is not a problem', async () => {
    nock(BASE)
      .get('/districts')
      .reply(502, '<html><body>Bad gateway</body></html>', {
        'Content-Type': 'text/html',
        'X-Request-Id': 'edge-9',
      })
      .get('/healthz')
      .reply(418, 'short and stout', { 'Content-Type': 'text/plain' });
    const { client: ezhili } = client({ maxRetries: 0 });
    const gateway = (await ezhili.reference.listDistricts().catch((e: unknown) => e)) as EzhiliError;
    expect(gateway).toBeInstanceOf(EzhiliServerError);
    expect(gateway).toMatchObject({
      status: 502,
      message: 'HTTP 502',
      requestId: 'edge-9',
      problem: undefined,
    });
    const teapot = (await ezhili.system.health().catch((e: unknown) => e)) as EzhiliError;
    expect(teapot.constructor).toBe(EzhiliError);
    expect(teapot.message).toBe('HTTP 418: short and stout');
  });

  it('refuses a success body that is not valid JSON', async () => {
    nock(BASE).get('/districts').reply(200, '{"items": [', { 'Content-Type': 'application/json' });
    const { client: ezhili } = client();
    await expect(ezhili.reference.listDistricts()).rejects.toThrow(/not valid JSON/);
  });
});

describe('credentials and headers', () => {
  it('login stores the token and later calls send it; login itself sends none', async () => {
    const { headers: seen, reply } = recordRequests();
    nock(BASE)
      .post('/staff/sessions')
      .reply(reply(201, session))
      .get('/staff/me')
      .reply(reply(200, staffMember));
    const { client: ezhili } = client({ token: 'old' });
    await expect(ezhili.staff.login(credentials)).resolves.toEqual(session);
    expect(ezhili.token).toBe('tok-1');
    await expect(ezhili.staff.me()).resolves.toEqual(staffMember);
    expect(seen[0]!['authorization']).toBeUndefined();
    expect(seen[1]!['authorization']).toBe('Bearer tok-1');
  });

  it('keeps the current token with storeToken: false', async () => {
    nock(BASE).post('/staff/sessions').reply(201, session);
    const { client: ezhili } = client({ token: 'mine' });
    await ezhili.staff.login(credentials, { storeToken: false });
    expect(ezhili.token).toBe('mine');
  });

  it('sends the JSON body, User-Agent, Ezhili-Client and custom headers', async () => {
    const { headers: seen, reply } = recordRequests();
    let body: unknown;
    nock(BASE)
      .post('/staff/sessions', (sent: unknown) => {
        body = sent;
        return true;
      })
      .reply(reply(201, session));
    const { client: ezhili } = client({ userAgent: 'acme-app/4.2', headers: { 'X-Tenant': 'fz' } });
    await ezhili.staff.login(credentials);
    expect(body).toEqual(credentials);
    expect(seen[0]).toMatchObject({
      'user-agent': `acme-app/4.2 ezhili-sdk-node/${VERSION}`,
      'ezhili-client': `sdk/${VERSION}`,
      'content-type': 'application/json',
      'x-tenant': 'fz',
    });
  });

  it('runs the authenticate hook on every attempt with the exact body', async () => {
    nock(BASE)
      .post('/staff/sessions')
      .reply(503, problem(503, 'unavailable'), PROBLEM)
      .post('/staff/sessions')
      .matchHeader('x-signature', 'sig-1')
      .reply(201, session);
    const attempts: { attempt: number; body: string | undefined; url: string }[] = [];
    const { client: ezhili } = client({
      authenticate: (request) => {
        attempts.push({ attempt: request.attempt, body: request.body, url: request.url.href });
        request.headers.set('X-Signature', `sig-${request.attempt}`);
      },
    });
    await ezhili.staff.login(credentials);
    expect(attempts).toEqual([
      { attempt: 0, body: JSON.stringify(credentials), url: `${BASE}/staff/sessions` },
      { attempt: 1, body: JSON.stringify(credentials), url: `${BASE}/staff/sessions` },
    ]);
  });

  it('keeps a path prefix of the base URL', async () => {
    nock(BASE).get('/api/v1/.well-known/jwks.json').reply(200, { keys: [] });
    const { client: ezhili } = client({ baseUrl: `${BASE}/api/v1` });
    await expect(ezhili.system.jwks()).resolves.toEqual({ keys: [] });
  });

  it('reads a degraded health (503) as an answer, without retrying', async () => {
    const degraded = {
      status: 'degraded',
      database: 'unreachable',
      version: '0.1.0',
      time: '2026-11-27T12:00:00Z',
    };
    nock(BASE).get('/healthz').reply(503, degraded);
    const { client: ezhili, sleeps } = client();
    await expect(ezhili.system.health()).resolves.toEqual(degraded);
    expect(sleeps).toEqual([]);
  });
});
