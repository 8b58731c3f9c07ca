import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderConsoleDist } from '../support/console-placeholder.js';
import { startIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import { browserAvailable, launchChromium, type TestBrowser } from '../support/widget-browser.js';

const CALLBACK = '/console/api/staff/console-sessions/oidc/callback';

describe.runIf(browserAvailable('console OIDC sign-in tests'))(
  'console sign-in through a real OIDC provider',
  () => {
    let idp: TestIdentityProvider;
    let server: E2eServer;
    let browser: TestBrowser;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      idp = await startIdentityProvider();
      server = await startE2eServer({
        CONSOLE_DIST_DIR: placeholderConsoleDist(),
        OIDC_ISSUER: idp.issuer,
        OIDC_JWKS_URL: `${idp.issuer}/jwks`,
        OIDC_CLIENT_ID: 'ezhili-console',
        OIDC_SCOPES: 'openid email profile ezhili',
      });
      idp.register(`${server.url}${CALLBACK}`);
      browser = await launchChromium();
      context = await browser.newContext();
      // Nothing but the two origins (the provider's sample pages link a web font).
      const allowed = [new URL(server.url).host, new URL(idp.issuer).host];
      await context.route('**/*', (route) =>
        allowed.includes(new URL(route.request().url()).host) ? route.continue() : route.abort(),
      );
      page = await context.newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await idp?.close();
    });

    /** Starts a sign-in in the browser and logs in at the provider, up to its consent page. */
    async function loginAtProvider(login: string): Promise<void> {
      await page.goto(`${server.url}/console/api/staff/console-sessions/oidc`);
      expect(new URL(page.url()).origin).toBe(idp.issuer);
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
      await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
    }

    /**
     * Consents with the context's own cookies but without following the provider's redirects, so
     * the test holds the callback URL before the browser goes there.
     */
    async function consentWithoutFollowing(): Promise<URL> {
      const action = await page.$eval('form', (form) => (form as HTMLFormElement).action);
      let response = await context.request.post(action, { form: { prompt: 'consent' }, maxRedirects: 0 });
      while (response.status() === 303 || response.status() === 302) {
        const next = new URL(response.headers().location!, response.url());
        if (next.pathname === CALLBACK) return next;
        response = await context.request.get(next.href, { maxRedirects: 0 });
      }
      throw new Error(`the provider answered ${response.status()} instead of redirecting back`);
    }

    const sessionCookies = () => context.cookies(`${server.url}/console/api/staff/me`);
    const current = () =>
      page.evaluate(async () => {
        const response = await fetch('/console/api/staff/console-sessions/current');
        return { status: response.status, body: await response.json() };
      });

    it('signs in with code + PKCE and opens a Strict cookie session from the provider’s claims', async () => {
      await loginAtProvider('district_handler-7');
      const flowCookie = (await context.cookies(`${server.url}${CALLBACK}`)).find(
        (c) => c.name === 'ezhili_oidc_flow',
      );
      expect(flowCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      let callback: URL | undefined;
      page.on('request', (request) => {
        if (request.url().includes(CALLBACK)) callback = new URL(request.url());
      });
      // Consent: the provider (another site) redirects the browser back, the Lax flow cookie comes along.
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/console/`);
      expect(callback?.searchParams.get('code')).toBeTruthy();
      expect(callback?.searchParams.get('iss')).toBe(idp.issuer);

      const [cookie] = await sessionCookies();
      expect(cookie).toMatchObject({
        name: 'ezhili_console',
        httpOnly: true,
        sameSite: 'Strict',
        path: '/console/api',
      });
      expect((await context.cookies(`${server.url}${CALLBACK}`)).map((c) => c.name)).not.toContain(
        'ezhili_oidc_flow',
      );

      const session = await current();
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({
        source: 'oidc',
        staff: { id: 'oidc:district_handler-7', roles: ['district_handler'], districtCode: '350102' },
      });
      const cases = await page.evaluate(async () => (await fetch('/console/api/cases')).status);
      expect(cases).toBe(200);

      // The same code and state again: the flow was used up, nothing opens.
      const replay = await page.goto(callback!.href);
      expect(replay?.status()).toBe(401);
      expect(await replay?.json()).toMatchObject({ code: 'oidc_failed' });
    });

    it('refuses a callback whose state was changed, and an official without an ezhili role', async () => {
      await context.clearCookies();
      await loginAtProvider('district_handler-8');
      const callback = await consentWithoutFollowing();
      callback.searchParams.set('state', 'forged-state');
      const forged = await page.goto(callback.href);
      expect(forged?.status()).toBe(401);
      expect(await forged?.json()).toMatchObject({ code: 'oidc_failed' });
      expect(await sessionCookies()).toEqual([]);

      await context.clearCookies(); // the provider's own session would sign the last official in again
      await loginAtProvider('visitor-1');
      const answered = page.waitForResponse((response) => response.url().includes(CALLBACK));
      await page.click('button[type=submit]');
      const nobody = await answered;
      expect(nobody.status()).toBe(401);
      expect(await nobody.json()).toMatchObject({
        code: 'oidc_failed',
        detail: expect.stringContaining('no ezhili role'),
      });
      expect(await sessionCookies()).toEqual([]);
    });
  },
);
