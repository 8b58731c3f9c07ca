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
