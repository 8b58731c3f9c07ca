import { type AddressInfo, createServer } from 'node:net';
import {
  createClient,
  EzhiliAuthenticationError,
  EzhiliClient,
  EzhiliConflictError,
  EzhiliConnectionError,
  EzhiliValidationError,
  operation,
} from '@ezhili/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

describe('@ezhili/sdk against a real server', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server.close());

  it('reads health, keys and districts with contract types', async () => {
    const ezhili = createClient({ baseUrl: server.url });
    expect(await ezhili.system.health()).toMatchObject({ status: 'ok', database: 'ok' });
    const { keys } = await ezhili.system.jwks();
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const { items } = await ezhili.reference.listDistricts();
    expect(items.map((district) => district.code)).toContain('350102');
  });

  it('replays a POST sent again with the same Idempotency-Key, and refuses the key with another body', async () => {
    const ezhili = new EzhiliClient({ baseUrl: server.url }, { sleep: async () => {} });
    const first = await ezhili.staff.login(
      { email: 'intake@demo.local', password: 'demo' },
      { idempotencyKey: 'e2e-login-1' },
    );
    const again = await ezhili.staff.login(
      { email: 'intake@demo.local', password: 'demo' },
      { idempotencyKey: 'e2e-login-1' },
    );
    expect(again.token).toBe(first.token);
    // The transport shows the server's replay marker, as resource authors can use it.
    const login = operation('createStaffSession', 'POST', '/staff/sessions');
    const replay = await ezhili.transport.requestWithMeta(
      login,
      { body: { email: 'intake@demo.local', password: 'demo' } },
      { idempotencyKey: 'e2e-login-1' },
    );
    expect(replay.meta.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data).toEqual(first);

    const error = await ezhili.staff
      .login({ email: 'admin@demo.local', password: 'demo' }, { idempotencyKey: 'e2e-login-1', token: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 'idempotency_key_reused',
      idempotencyKey: 'e2e-login-1',
    });
  });

  it('maps real problems to typed errors with the request id', async () => {
    const ezhili = createClient({ baseUrl: server.url, maxRetries: 0 });
    const wrong = await ezhili.staff
      .login({ email: 'intake@demo.local', password: 'nope' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(EzhiliAuthenticationError);
    expect((wrong as EzhiliAuthenticationError).requestId).toMatch(/^[\w.:-]{8,}$/);

    const invalid = await ezhili.staff
      .login({ email: 'not-an-email', password: 'demo' })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(EzhiliValidationError);
    expect((invalid as EzhiliValidationError).errors.length).toBeGreaterThan(0);
  });

  it('reports an unreachable server as EzhiliConnectionError', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const ezhili = createClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await ezhili.system.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EzhiliConnectionError);
    expect((error as EzhiliConnectionError).message).toMatch(/ECONNREFUSED/);
  });
});
