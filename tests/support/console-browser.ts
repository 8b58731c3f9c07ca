import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Watches every response a console context receives (documents, API answers, files), every
 * request that would leave the server's origin (aborted, and recorded as a failure) and every
 * Content-Security-Policy violation on any of its pages (`securitypolicyviolation`, reported
 * through a binding the driver installs, so the page's own CSP stays as served).
 */
export function watchContext(context: BrowserContext, origin: string) {
  const bodies: Array<{ url: string; status: number; text: string }> = [];
  const foreign: string[] = [];
  const cspViolations: string[] = [];
  void context.exposeBinding('__ezhiliReportCspViolation', (source, violation: string) => {
    cspViolations.push(`${source.page?.url() ?? source.frame.url()}: ${violation}`);
  });
  void context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = (window as unknown as { __ezhiliReportCspViolation(v: string): void })
          .__ezhiliReportCspViolation;
        report(
          `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`,
        );
      },
      true,
    );
  });
  const pending: Array<Promise<void>> = [];
  let inflight = 0;
  void context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  context.on('request', () => {
    inflight++;
  });
  const done = () => {
    inflight--;
  };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  context.on('response', (response) => {
    pending.push(
      response
        .body()
        .then((body) => {
          bodies.push({ url: response.url(), status: response.status(), text: body.toString('utf8') });
        })
        .catch(() => undefined),
    );
  });
  return {
    bodies,
    foreign,
    /** Every CSP violation seen on the context's pages: the console's strict CSP allows none. */
    cspViolations,
    /** Every body read so far (responses still streaming are awaited). */
    async all() {
      await Promise.all(pending);
      return bodies;
    },
    /** Waits until no request has been in flight for a moment and no spinner turns. */
    async settle(page: Page) {
      let quiet = 0;
      for (let i = 0; i < 200 && quiet < 4; i++) {
        await page.waitForTimeout(75);
        const spinning = await page.locator('.ant-spin-spinning, .ant-skeleton-active').count();
        quiet = inflight <= 0 && spinning === 0 ? quiet + 1 : 0;
      }
    },
  };
}

/** Client-side navigation inside the console (a reload would sign a bearer-mode session out). */
export async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, `/console${path}`);
}

/** Signs in through the console's login page (the page is on /console/login). */
export async function signInThroughPage(page: Page, email: string): Promise<void> {
  await page.fill('input[autocomplete=username]', email);
  await page.fill('input[autocomplete=current-password]', 'demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('nav .ant-menu-item');
}

/** The menu's page keys, in order. */
export async function menuKeys(page: Page): Promise<string[]> {
  const ids = await page
    .locator('nav .ant-menu-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-menu-id') ?? ''));
  return ids.map((id) => id.split('-').pop() ?? '');
}

/** axe-core's serious and critical violations on the page (injected through the driver: the CSP stays). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
