import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderConsoleDist } from '../support/console-placeholder.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  browserAvailable,
  launchChromium,
  type StaticSite,
  serveStaticSite,
  type TestBrowser,
} from '../support/widget-browser.js';

/**
 * A hostile page that posts a form to the console API when loaded: with a JSON-looking text body
 * (refused as the wrong media type whatever the cookie), or empty (an operation whose body is
 * optional, so only the session and origin checks stand in the way).
 */
const formAttack = (
  action: string,
  fields = '',
) => `<!doctype html><html lang="en"><head><title>prize</title></head><body>
<form id="f" method="POST" enctype="text/plain" action="${action}">${fields}</form>
<script>document.getElementById('f').submit();</script></body></html>`;
const EVIL_PARTNER_FIELD = `<input name='{"id":"evil-partner","name":"Evil","allowedOrigins":["https://evil.example"],"x":"' value='"}'>`;

describe.runIf(browserAvailable('console session tests'))('the console session in a real browser', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let context: BrowserContext;
  let page: Page;
  let crossSite: StaticSite;
  let sameSite: StaticSite;

  beforeAll(async () => {
    server = await startE2eServer({ CONSOLE_DIST_DIR: placeholderConsoleDist() });
    browser = await launchChromium();
    // The server is on 127.0.0.1: `localhost` is another site; another port of 127.0.0.1 is the same site.
    const attacks = {
      '/partner': formAttack(`${server.url}/console/api/partners`, EVIL_PARTNER_FIELD),
      '/verify': formAttack(`${server.url}/console/api/audit/verifications`),
    };
    crossSite = await serveStaticSite(attacks, 'localhost');
    sameSite = await serveStaticSite(attacks, '127.0.0.1');
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await crossSite?.close();
    await sameSite?.close();
    await server?.close();
  });

  const call = (path: string, init: { method?: string; body?: unknown; csrf?: string } = {}) =>
    page.evaluate(
      async ({ path, init }) => {
        const response = await fetch(`/console/api${path}`, {
          method: init.method ?? 'GET',
          headers: {
            ...(init.body !== undefined && { 'content-type': 'application/json' }),
            ...(init.csrf !== undefined && { 'x-ezhili-csrf': init.csrf }),
          },
          ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
        });
        const text = await response.text();
        return {
          status: response.status,
          body: text ? JSON.parse(text) : null,
          expiresIn: response.headers.get('ezhili-session-expires-in'),
        };
      },
      { path, init },
    );

  it('loads the console under its strict policy: no inline script or unnonced style runs', async () => {
    const response = await page.goto(`${server.url}/console/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForFunction(() => (window as unknown as { appRan?: boolean }).appRan === true);
    const state = await page.evaluate(() => ({
      inlineRan: (window as unknown as { inlineRan?: boolean }).inlineRan,
      color: getComputedStyle(document.querySelector('main')!).color,
      unnonced: getComputedStyle(document.body).getPropertyValue('--inline-unnonced'),
    }));
    expect(state.inlineRan).toBeUndefined();
    expect(state.color).toBe('rgb(1, 2, 3)');
    expect(state.unnonced).toBe('');
  });

  it('signs in with a cookie page scripts cannot read, sent to the console API only', async () => {
    const signIn = await call('/staff/console-sessions', {
      method: 'POST',
      body: { email: 'admin@demo.local', password: 'demo' },
    });
    expect(signIn.status).toBe(201);
    const cookies = await context.cookies(server.url);
    expect(cookies).toEqual([]);
    const apiCookies = await context.cookies(`${server.url}/console/api/staff/me`);
    expect(apiCookies).toHaveLength(1);
    expect(apiCookies[0]).toMatchObject({
      name: 'ezhili_console',
      httpOnly: true,
      sameSite: 'Strict',
      path: '/console/api',
    });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(JSON.stringify(signIn.body)).not.toContain(apiCookies[0]!.value);

    const me = await call('/staff/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'admin@demo.local' });
    expect(Number(me.expiresIn)).toBeGreaterThan(800);

    const noCsrf = await call('/partners', {
      method: 'POST',
      body: { id: 'page-no-csrf', name: 'x', allowedOrigins: ['https://a.example'] },
    });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await call('/partners', {
      method: 'POST',
      body: { id: 'page-with-csrf', name: 'With CSRF', allowedOrigins: ['https://a.example'] },
      csrf: String(signIn.body.csrfToken),
    });
    expect(withCsrf.status).toBe(201);
  });

  it('refuses forged form posts from another site and from the same site on another origin', async () => {
    const attacker = await context.newPage();
    const forge = async (site: StaticSite, path: string) => {
      const posted = attacker.waitForResponse((r) => r.request().method() === 'POST');
      await attacker.goto(`${site.origin}${path}`);
      const response = await posted;
      return { status: response.status(), cookie: (await response.request().allHeaders()).cookie };
    };
    // Another site: the Strict cookie is not sent at all.
    expect(await forge(crossSite, '/verify')).toEqual({ status: 401, cookie: undefined });
    // The same site on another port: the cookie is sent, and the origin check refuses.
    const same = await forge(sameSite, '/verify');
    expect(same.status).toBe(403);
    expect(same.cookie).toMatch(/ezhili_console=/);
    for (const site of [crossSite, sameSite])
      expect((await forge(site, '/partner')).status).toBeGreaterThanOrEqual(400);
    await attacker.close();
    const list = await call('/partners');
    expect((list.body.items as Array<{ id: string }>).map((p) => p.id)).not.toContain('evil-partner');
    // The console page itself may: same origin, with the CSRF header.
    const current = await call('/staff/console-sessions/current');
    const own = await call('/audit/verifications', { method: 'POST', csrf: String(current.body.csrfToken) });
    expect(own.status).toBe(202);
  });

  it('signs out: the cookie is gone and the session no longer works', async () => {
    const current = await call('/staff/console-sessions/current');
    expect(current.status).toBe(200);
    const out = await call('/staff/console-sessions/current', {
      method: 'DELETE',
      csrf: String(current.body.csrfToken),
    });
    expect(out.status).toBe(204);
    expect(await context.cookies(`${server.url}/console/api/staff/me`)).toEqual([]);
    expect((await call('/staff/me')).status).toBe(401);
  });
});
