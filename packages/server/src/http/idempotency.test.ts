import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

// createStaffSession is the foundation's POST; every later POST goes through the same middleware.
describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (key: string, password = 'demo') =>
    t.request('/staff/sessions', {
      json: { email: 'committee@demo.local', password },
      headers: { 'idempotency-key': key },
    });
  const loginEvents = async () => (await t.ctx.audit.list({ action: 'staff.login', limit: 500 })).length;

  it('replays the stored response for the same key and body, creating nothing new', async () => {
    const before = await loginEvents();
    const first = await login('key-same');
    const second = await login('key-same');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await loginEvents()).toBe(before + 1);
  });

  it('refuses the same key with a different body', async () => {
    await login('key-diff');
    const other = await t.request('/staff/sessions', {
      json: { email: 'finance@demo.local', password: 'demo' },
      headers: { 'idempotency-key': 'key-diff' },
    });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('does not store errors: a retry after a failure runs again', async () => {
    const failed = await login('key-error', 'wrong');
    expect(failed.status).toBe(401);
    const retried = await login('key-error', 'wrong');
    expect(retried.status).toBe(401);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('stores responses encrypted, not in plaintext', async () => {
    const response = await login('key-secret');
    const { token } = (await response.json()) as { token: string };
    const rows = await t.ctx.db.execute('SELECT lookup, response FROM idempotency_keys');
    const dump = JSON.stringify(rows.rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('key-secret');
  });

  it('forgets a key after 24 hours', async () => {
    const first = await login('key-old');
    t.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const later = await login('key-old');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(((await later.json()) as { token: string }).token).not.toBe(
      ((await first.json()) as { token: string }).token,
    );
  });

  it('answers a retry that arrives while the first request still runs with 409 and Retry-After', async () => {
    const [first, second] = await Promise.all([login('key-concurrent'), login('key-concurrent')]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'idempotency_in_progress' });
    // Once the first has committed, the retry gets its answer.
    expect((await login('key-concurrent')).headers.get('idempotent-replayed')).toBe('true');
  });

  it('writes the key only with a committed answer: no row is ever left in progress', async () => {
    await login('key-state');
    const states = await t.ctx.db.execute('SELECT DISTINCT state FROM idempotency_keys');
    expect(states.rows.map((row) => row.state)).toEqual(['done']);
  });

  it('rejects malformed keys', async () => {
    const response = await login('has space');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_idempotency_key' });
  });
});
