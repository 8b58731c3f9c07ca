import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

/** One request through a Node keep-alive agent, the way a long-lived client sends them. */
function send(
  server: E2eServer,
  agent: Agent,
  path: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        agent,
        headers: init.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            reusedSocket: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function expectProblem(answer: Answer, status: number, code?: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  const problem = JSON.parse(answer.body) as { status: number; code: string; type: string };
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  expect(problem.type).toMatch(/^https:\/\/ezhili\.org\/problems\//);
  return problem;
}

describe('refusals at the edges of the protocol, on a real server', () => {
  let server: E2eServer;
  let token: string;
  let agent: Agent;
  beforeAll(async () => {
    server = await startE2eServer();
    token = await server.login('admin@demo.local');
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it('refuses numbers the database cannot store with 400, in the query and in the body', async () => {
    const auth = { authorization: `Bearer ${token}` };
    for (const query of [
      '/risk/model?version=Infinity',
      '/risk/model?version=-Infinity',
      '/risk/model?version=NaN',
      '/risk/model?version=1e300',
      '/risk/model?version=99999999999999999999',
      '/audit/events?beforeSeq=1e309',
      '/audit/events?limit=Infinity',
      '/cases?limit=1e400',
    ]) {
      const problem = expectProblem(await send(server, agent, query, { headers: auth }), 400, 'validation');
      expect(problem, query).toMatchObject({
        errors: [expect.objectContaining({ pointer: expect.stringMatching(/^#\/query\//) })],
      });
    }
    for (const body of [
      '{"modelVersion":1e400}',
      '{"modelVersion":-1e309}',
      '{"modelVersion":1e300}',
      '{"tasksPerUnit":1e400}',
    ]) {
      const answer = await send(server, agent, '/risk/runs', {
        method: 'POST',
        body,
        headers: { ...auth, 'content-type': 'application/json' },
      });
      expectProblem(answer, 400, 'validation');
    }
  });

  it('answers oversized headers with a 431 problem document and closes the connection', async () => {
    const answer = await send(server, new Agent({ keepAlive: true }), '/healthz', {
      headers: { 'x-padding': 'a'.repeat(20_000) },
    });
    expectProblem(answer, 431, 'headers_too_large');
    expect(answer.headers.connection).toBe('close');
  });

  it('answers malformed HTTP with a 400 problem document', async () => {
    const { connect } = await import('node:net');
    const url = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write('GET / HTTP/1.1\r\nHost x\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 400,
      code: 'malformed_request',
    });
  });

  it('closes explicitly after an early 413 or 415, so a keep-alive client never meets a dropped socket (20 of 20)', async () => {
    const oversized = `{"email":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    let survived = 0;
    for (let i = 0; i < 20; i++) {
      const early =
        i % 2 === 0
          ? await send(server, agent, '/staff/sessions', {
              method: 'POST',
              body: oversized,
              headers: { 'content-type': 'application/json' },
            })
          : await send(server, agent, '/staff/sessions', {
              method: 'POST',
              body: 'x'.repeat(256 * 1024),
              headers: { 'content-type': 'text/plain' },
            });
      expectProblem(early, i % 2 === 0 ? 413 : 415);
      expect(early.headers.connection).toBe('close');
      // The next request on the same agent must work: on a fresh socket, never a dead one.
      const next = await send(server, agent, '/healthz');
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
      survived++;
    }
    expect(survived).toBe(20);
    // Keep-alive itself still works for ordinary requests.
    await send(server, agent, '/healthz');
    expect((await send(server, agent, '/healthz')).reusedSocket).toBe(true);
  });
});
