import type { Hono } from 'hono';
import { FlattenedSign, importJWK } from 'jose';
import { AuditLog } from '../audit/audit-log.js';
import { createStaffTokenVerifier, issueStaffToken } from '../auth/staff-tokens.js';
import { createManualClock, type ManualClock } from '../clock/clock.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { DEMO_PLATFORM_ID } from '../platforms/demo-platform.js';
import { createStaffService } from '../staff/staff-service.js';

/**
 * The demo platform's private key: DEMO ONLY and publicly known (the same as
 * `examples/platform-integration/demo-platform-key.json`); a production start refuses demo data.
 */
const DEMO_PLATFORM_PRIVATE_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'X-El5PEqcP4RgKQvHHtGxeaytHL4rIM4elbhM9nI8Ho',
  x: 'WNL4YNECdf2plyujdwt9WKI2RNmXGm4Z2m3mvfUxV-Y',
};
const DEMO_PLATFORM_KID = 'demo-platform-key-1';

const DAY = 86_400_000;

export interface DemoCall {
  token?: string;
  headers?: Record<string, string>;
}

/**
 * The demo drives the server as its users would, through the API of an in-process app (no
 * port), on a clock of its own that starts weeks back and only moves forward: cases, leads and
 * rewards get a history spread over weeks, and every rule of every module applies to them.
 */
export interface DemoClient {
  ctx: AppContext;
  clock: ManualClock;
  /** Moves the clock forward to `days` (and `hours`) before the real start; never back. */
  at(days: number, hours?: number): void;
  /** A staff user's bearer token, as a login would issue it (without the password hash's cost). */
  staff(email: string): Promise<string>;
  /** A JSON request; throws unless the answer is `expect` (default 2xx). */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    json?: unknown,
    options?: DemoCall & { expect?: number },
  ): Promise<T>;
  /** A request signed by the demo platform (`Ezhili-Signature`), on the demo clock. */
  platform<T = Record<string, unknown>>(method: string, path: string, json?: unknown): Promise<T>;
}

/** Builds the app for a context (the composition root's `createApp`, passed down to the demo). */
export type AppFactory = (ctx: AppContext) => Hono<AppEnv>;

export function createDemoClient(ctx: AppContext, createApp: AppFactory, weeksBack: number): DemoClient {
  const end = ctx.clock.now().getTime();
  const clock = createManualClock(new Date(end - weeksBack * 7 * DAY));
  const demoCtx: AppContext = {
    ...ctx,
    clock,
    audit: new AuditLog(ctx.db, clock),
    staffTokens: createStaffTokenVerifier(ctx.config, clock, ctx.db),
  };
  const app = createApp(demoCtx);
  const tokens = new Map<string, { token: string; at: number }>();
  // A token is reused while the demo clock stays within half its lifetime.
  const tokenReuseMs = (ctx.config.staffTokenTtlSeconds * 1000) / 2;

  async function send(method: string, path: string, body: string | undefined, headers: Headers) {
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await app.request(path, { method, headers, ...(body !== undefined && { body }) });
    const text = await response.text();
    return { response, text };
  }
  function check(method: string, path: string, status: number, text: string, expect?: number) {
    const ok = expect === undefined ? status >= 200 && status < 300 : status === expect;
    // The demo is data the docs describe: a step that no longer works must stop the start loudly.
    if (!ok) throw new Error(`demo data: ${method} ${path} answered ${status}: ${text.slice(0, 300)}`);
  }

  const client: DemoClient = {
    ctx: demoCtx,
    clock,
    at(days, hours = 0) {
      const to = end - days * DAY - hours * 3_600_000;
      if (to > clock.now().getTime()) clock.set(new Date(to));
    },
    async staff(email) {
      const known = tokens.get(email);
      if (known && clock.now().getTime() - known.at < tokenReuseMs) return known.token;
      // The steps are hours apart, longer than a token lives: logging in for each would hash the
      // demo password (scrypt) dozens of times on a first start.
      const user = await createStaffService(demoCtx).findByEmail(email);
      if (!user) throw new Error(`demo data: no demo login ${email}`);
      const { token } = await issueStaffToken(ctx.config, clock, user);
      tokens.set(email, { token, at: clock.now().getTime() });
      return token;
    },
    async call(method, path, json, options = {}) {
      const headers = new Headers(options.headers);
      if (options.token) headers.set('authorization', `Bearer ${options.token}`);
      const body = json === undefined ? undefined : JSON.stringify(json);
      const { response, text } = await send(method, path, body, headers);
      check(method, path, response.status, text, options.expect);
      return (text ? JSON.parse(text) : {}) as never;
    },
    async platform(method, path, json) {
      const body = json === undefined ? '' : JSON.stringify(json);
      const key = await importJWK(DEMO_PLATFORM_PRIVATE_JWK, 'EdDSA');
      const jws = await new FlattenedSign(new TextEncoder().encode(body))
        .setProtectedHeader({
          alg: 'EdDSA',
          kid: DEMO_PLATFORM_KID,
          b64: false,
          crit: ['b64'],
          iss: DEMO_PLATFORM_ID,
          iat: Math.floor(clock.now().getTime() / 1000),
          jti: crypto.randomUUID(),
          htm: method,
          htu: path,
        })
        .sign(key);
      const headers = new Headers({ 'ezhili-signature': `${jws.protected}..${jws.signature}` });
      const { response, text } = await send(method, path, json === undefined ? undefined : body, headers);
      check(method, path, response.status, text);
      return (text ? JSON.parse(text) : {}) as never;
    },
  };
  return client;
}
