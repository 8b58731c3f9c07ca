/**
 * A scripted stand-in for the server in component tests: answers by "METHOD /path" and records
 * every request, so a test can assert what a form sent. End-to-end tests (tests/e2e) run the
 * console against the real server.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

interface Answer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type FakeAnswer = Answer | ((request: RecordedRequest) => Answer);

export function fakeApi(routes: Record<string, FakeAnswer>) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = (async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const route = routes[`${request.method} ${url.pathname}`];
    const answer: Answer = !route
      ? problemBody(404, 'not_found', `No fake route for ${request.method} ${url.pathname}`)
      : typeof route === 'function'
        ? route(recorded)
        : route;
    const status = answer.status ?? 200;
    const isProblem = status >= 400;
    return new Response(JSON.stringify(answer.body), {
      status,
      headers: {
        'content-type': isProblem ? 'application/problem+json' : 'application/json',
        ...answer.headers,
      },
    });
  }) as typeof fetch;
  return { fetch: fetchImpl, requests };
}

export function problemBody(status: number, code: string, detail: string, errors?: unknown[]) {
  return {
    status,
    body: {
      type: `https://ezhili.dev/problems/${code}`,
      title: code,
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
    },
  };
}
