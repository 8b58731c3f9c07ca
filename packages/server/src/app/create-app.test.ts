import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('the app shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MAX_BODY_BYTES: '2048' });
  });
  afterAll(() => t.close());

  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, code, type: `https://ezhili.org/problems/${code}` });
    expect(typeof problem.requestId).toBe('string');
    expect(JSON.stringify(problem)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    return problem;
  };

  it('answers unknown routes with a 404 problem', async () => {
    await expectProblem(await t.request('/nope'), 404, 'route_not_found');
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const response = await t.request('/staff/sessions', { method: 'GET' });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses malformed JSON, wrong media types and oversized bodies', async () => {
    const post = (body: string, type = 'application/json') =>
      t.request('/staff/sessions', { method: 'POST', body, headers: { 'content-type': type } });
    await expectProblem(await post('{"email":'), 400, 'malformed_json');
    await expectProblem(
      await post('email=a', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    );
    await expectProblem(
      await post(JSON.stringify({ email: 'a@b.cn', password: 'x'.repeat(4000) })),
      413,
      'payload_too_large',
    );
  });

  it('lists contract violations without echoing values', async () => {
    const response = await t.request('/staff/sessions', {
      json: { email: 'not-an-email', password: 'p', extra: 1 },
    });
    const problem = await expectProblem(response, 400, 'validation');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { pointer: '#/email', detail: expect.stringContaining('format') },
        { pointer: '#/extra', detail: 'unknown property "extra"' },
      ]),
    );
    expect(JSON.stringify(problem)).not.toContain('not-an-email');
  });

  it('echoes a sane request id and makes one otherwise', async () => {
    const given = await t.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await t.request('/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health with database reachability', async () => {
    const response = await t.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('publishes the JWKS, the contract and its reference', async () => {
    const jwks = (await (await t.request('/.well-known/jwks.json')).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const json = (await (await t.request('/openapi.json')).json()) as { openapi: string };
    expect(json.openapi).toBe('3.1.0');
    const yaml = await t.request('/openapi.yaml');
    expect(yaml.headers.get('content-type')).toContain('yaml');
    expect(await yaml.text()).toContain('operationId: getHealth');
    const docs = await t.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/docs/assets/init.js');
    // The reference reads the contract this server serves.
    expect(await (await t.request('/docs/assets/init.js')).text()).toContain("url: '/openapi.json'");
  });

  it('lists the districts', async () => {
    const body = (await (await t.request('/districts')).json()) as { items: Array<{ code: string }> };
    expect(body.items.map((d) => d.code)).toContain('350102');
  });

  it('logs requests by route pattern, without bodies', async () => {
    await t.request('/staff/sessions', {
      json: { email: 'intake@demo.local', password: 'wrong-password-xyz' },
    });
    const line = t.logLines.map((l) => JSON.parse(l)).findLast((l) => l.route === '/staff/sessions');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', status: 401 });
    expect(t.logLines.join('\n')).not.toContain('wrong-password-xyz');
    expect(t.logLines.join('\n')).not.toContain('intake@demo.local');
  });
});

describe('browser clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ALLOWED_ORIGINS: 'https://partner.example' });
  });
  afterAll(() => t.close());

  it('answers preflights for allowed origins with the SDK’s headers', async () => {
    const response = await t.request('/staff/sessions', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://partner.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key,content-type',
      },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  it('does not allow other origins', async () => {
    const response = await t.request('/healthz', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the request id on error responses too', async () => {
    const response = await t.request('/nope', { headers: { 'x-request-id': 'req-42' } });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(((await response.json()) as { requestId: string }).requestId).toBe('req-42');
  });
});

describe('the API reference page', () => {
  it('is served from this origin only, under a strict CSP', async () => {
    const t = await createTestApp();
    const page = await t.request('/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval/);
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const path of html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)) {
      const asset = await t.request(path[1]!);
      expect(asset.status, path[1]).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect((await t.request('/docs/assets/../../package.json')).status).toBe(404);
    expect((await t.request('/docs/assets/index.html')).status).toBe(404);
    t.close();
  });
});
