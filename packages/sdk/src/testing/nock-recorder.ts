import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

const JSON_TYPE = { 'Content-Type': 'application/json' };

export type RecordedHeaders = Record<string, string | string[] | undefined>;

export interface RecordedRequest {
  headers: RecordedHeaders;
  /** The raw request body; multipart bodies decoded from nock's hex to latin1. */
  body: string;
  path: string;
}

/**
 * Records each request that reaches an interceptor built with `reply`: `seen` keeps headers,
 * body and path, `headers` the headers alone (both in arrival order).
 */
export function recordRequests() {
  const seen: RecordedRequest[] = [];
  const headers: RecordedHeaders[] = [];
  return {
    seen,
    headers,
    reply(status: number, body: unknown, replyHeaders: Record<string, string> = JSON_TYPE) {
      return function (
        this: nock.ReplyFnContext,
        path: string,
        requestBody: nock.Body,
      ): [number, string, Record<string, string>] {
        const text = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
        // nock hands over binary bodies as hex.
        const binary =
          /^multipart\//.test(String(this.req.headers['content-type'])) && /^([0-9a-f]{2})+$/.test(text);
        seen.push({
          headers: { ...this.req.headers },
          body: binary ? Buffer.from(text, 'hex').toString('latin1') : text,
          path,
        });
        headers.push({ ...this.req.headers });
        return [status, typeof body === 'string' ? body : JSON.stringify(body), replyHeaders];
      };
    },
  };
}

/** No real network in the file's tests, and every interceptor a test sets up must be used. */
export function useStrictNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}
