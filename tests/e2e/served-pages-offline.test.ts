import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVED_PAGES } from '../support/served-pages.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import { browserAvailable, launchChromium, type TestBrowser } from '../support/widget-browser.js';

/** CSP sources that would let a page load from elsewhere. */
const OUTSIDE_SOURCES = /https?:|\*|'unsafe-inline'|'unsafe-eval'/;

describe.runIf(browserAvailable('served pages offline'))('every served page works with no network', () => {
  let server: E2eServer;
  let chromium: TestBrowser;

  beforeAll(async () => {
    server = await startE2eServer();
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it.each(SERVED_PAGES.map((page) => [page.path, page] as const))(
    '%s renders with every request to another origin blocked, under a CSP of its own origin',
    async (path, served) => {
      const context = await chromium.newContext();
      const outside: string[] = [];
      const origin = new URL(server.url).origin;
      // Air-gapped: anything not addressed to this server is aborted (and recorded).
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin)
          return route.continue();
        outside.push(url);
        return route.abort('internetdisconnected');
      });
      await context.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status()).toBe(200);
        const csp = response?.headers()['content-security-policy'] ?? '';
        expect(csp).toContain("default-src 'none'");
        // frame-ancestors names who may frame the page (the embed's partners), not what it loads.
        for (const directive of csp.split(';').filter((d) => !d.trim().startsWith('frame-ancestors')))
          expect(directive).not.toMatch(OUTSIDE_SOURCES);
        await served.rendered(page);
        await page.waitForLoadState('networkidle');
        expect(outside).toEqual([]);
        expect(
          await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
        ).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
