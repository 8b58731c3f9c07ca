import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInput, Operation } from './operation.js';
import { Transport } from './transport.js';

const BASE = 'http://ezhili.test';

// A made-up operation with path and query parameters, so URL building is tested without
// depending on which operations the contract has today.
const getThing = {
  operationId: 'getHealth',
  method: 'GET',
  path: '/things/{thingId}/parts',
} as Operation<'getHealth'>;
const input = (value: { params?: object; query?: object }) => value as CallInput<'getHealth'>;

afterEach(() => nock.cleanAll());

describe('Transport', () => {
  it('fills path parameters (encoded) and query parameters (arrays repeated, empty skipped)', async () => {
    nock(BASE)
      .get('/things/a%2Fb%20c/parts')
      .query({ status: ['open', 'closed'], limit: '10' })
      .reply(200, { ok: true });
    const transport = new Transport({ baseUrl: BASE });
    const result = await transport.request(
      getThing,
      input({
        params: { thingId: 'a/b c' },
        query: { status: ['open', 'closed'], limit: 10, cursor: undefined },
      }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('refuses a call that lacks a path parameter', async () => {
    const transport = new Transport({ baseUrl: BASE });
    await expect(transport.request(getThing, input({}))).rejects.toThrow(/Missing path parameter "thingId"/);
  });

  it('cancels an attempt in flight when the caller aborts', async () => {
    nock(BASE).get('/things/1/parts').delay(1000).reply(200, {});
    const transport = new Transport({ baseUrl: BASE });
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 20);
    await expect(
      transport.request(getThing, input({ params: { thingId: '1' } }), { signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it('lets a call use another token or none', async () => {
    const seen: (string | undefined)[] = [];
    nock(BASE)
      .get('/things/1/parts')
      .times(3)
      .reply(function () {
        seen.push(this.req.headers['authorization'] as string | undefined);
        return [200, '{}', { 'Content-Type': 'application/json' }];
      });
    const transport = new Transport({ baseUrl: BASE, token: 'client' });
    const call = input({ params: { thingId: '1' } });
    await transport.request(getThing, call);
    await transport.request(getThing, call, { token: 'other' });
    await transport.request(getThing, call, { token: null });
    expect(seen).toEqual(['Bearer client', 'Bearer other', undefined]);
  });
});

describe('Transport retries of a PATCH', () => {
  const patchThing = {
    operationId: 'getHealth',
    method: 'PATCH',
    path: '/things/1',
  } as Operation<'getHealth'>;

  it('does not repeat a PATCH after a 5xx (it may have been applied), but does after a 429', async () => {
    nock(BASE)
      .patch('/things/1')
      .reply(503, {})
      .patch('/things/1')
      .reply(429, {}, { 'Retry-After': '0' })
      .patch('/things/1')
      .reply(200, { ok: true });
    const transport = new Transport({ baseUrl: BASE });
    await expect(transport.request(patchThing)).rejects.toMatchObject({ status: 503 });
    await expect(transport.request(patchThing)).resolves.toEqual({ ok: true });
  });

  it('does not repeat a PATCH after a connection error', async () => {
    nock(BASE).patch('/things/1').replyWithError({ code: 'ECONNRESET' }).patch('/things/1').reply(200, {});
    const transport = new Transport({ baseUrl: BASE });
    await expect(transport.request(patchThing)).rejects.toMatchObject({ name: 'EzhiliConnectionError' });
  });
});
