import { request as httpRequest } from 'node:http';
import { createClient } from '@ezhili/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

describe('foundation, end to end on a real server', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server.close());

  it('serves health, JWKS, the contract and its reference', async () => {
    const health = await server.api('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    const jwks = (await (await server.api('/.well-known/jwks.json')).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect((await server.api('/openapi.json')).status).toBe(200);
    expect((await server.api('/openapi.yaml')).status).toBe(200);
    expect((await server.api('/docs')).status).toBe(200);
  });

  it('lets every demo role log in and see its roles', async () => {
    const expected: Record<string, string> = {
      'intake@demo.local': 'intake',
      'district@demo.local': 'district_handler',
      'detachment@demo.local': 'detachment_handler',
      'committee@demo.local': 'reward_committee',
      'finance@demo.local': 'finance',
      'auditor1@demo.local': 'auditor',
      'auditor2@demo.local': 'auditor',
      'auditor3@demo.local': 'auditor',
      'admin@demo.local': 'admin',
    };
    for (const [email, role] of Object.entries(expected)) {
      const token = await server.login(email);
      const me = (await (await server.api('/staff/me', { token })).json()) as { roles: string[] };
      expect(me.roles).toEqual([role]);
    }
  });

  it('works through the SDK: login, who am I, typed errors', async () => {
    const client = createClient({ baseUrl: server.url, maxRetries: 0 });
    await client.staff.login({ email: 'district@demo.local', password: 'demo' });
    const me = await client.staff.me();
    expect(me.districtCode).toBe('350102');
    const anonymous = createClient({ baseUrl: server.url, maxRetries: 0 });
    await expect(anonymous.staff.me()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('answers bad input with problems, never a 500', async () => {
    const cases: Array<[string, RequestInit, number]> = [
      ['/nope', {}, 404],
      [
        '/staff/sessions',
        { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
        400,
      ],
      ['/staff/sessions', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }, 415],
      [
        '/staff/sessions',
        {
          method: 'POST',
          body: JSON.stringify({ email: 'x' }),
          headers: { 'content-type': 'application/json' },
        },
        400,
      ],
      [
        '/staff/sessions',
        {
          method: 'POST',
          body: 'x'.repeat(2 * 1024 * 1024),
          headers: { 'content-type': 'application/json' },
        },
        413,
      ],
    ];
    for (const [path, init, status] of cases) {
      const response = await server.api(path, init);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('stops gracefully: a request in flight finishes, then the port closes', async () => {
    const other = await startE2eServer();
    const body = JSON.stringify({ email: 'admin@demo.local', password: 'demo' });
    const { port } = other;
    // Send the headers and half the body, so the request is surely in flight when close() starts.
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/staff/sessions',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const response = new Promise<number>((resolve, reject) => {
      request.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.end(body.slice(10));
    expect(await response).toBe(201);
    await closing;
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });
});
