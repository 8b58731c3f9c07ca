import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  artifactPath,
  browserAvailable,
  hostPage,
  launchChromium,
  type StaticSite,
  serveStaticSite,
  type TestBrowser,
} from '../support/widget-browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core inside the frame (injected through the driver, so the page's CSP still holds). */
async function seriousViolations(frame: Frame): Promise<AxeViolation[]> {
  await frame.evaluate(AXE_SOURCE);
  const violations = (await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe.runIf(browserAvailable('widget accessibility tests'))(
  'the widget is accessible in both locales',
  () => {
    let server: E2eServer;
    let browser: TestBrowser;
    let partner: StaticSite;

    beforeAll(async () => {
      server = await startE2eServer();
      browser = await launchChromium();
      partner = await serveStaticSite({
        '/zh-CN': hostPage(server.url, { locale: 'zh-CN' }),
        '/en': hostPage(server.url, { locale: 'en' }),
        '/follow-up': hostPage(server.url, { locale: 'en', page: 'follow-up' }),
        '/dark': hostPage(server.url, {
          locale: 'en',
          theme: { scheme: 'dark', accent: '#7cb7ff', radius: 12 },
        }),
      });
    });
    afterAll(async () => {
      await browser?.close();
      await partner?.close();
      await server?.close();
    });

    async function openWidget(
      path: string,
      viewport = { width: 1024, height: 900 },
    ): Promise<{ page: Page; frame: Frame }> {
      const page = await (await browser.newContext({ viewport })).newPage();
      await page.goto(`${partner.origin}${path}`);
      await page.waitForFunction(() =>
        (window as unknown as { widgetEvents: Array<{ type: string }> }).widgetEvents.some(
          (e) => e.type === 'ready',
        ),
      );
      const frame = page.frames().find((f) => f.url().includes('/embed/'))!;
      // Let the districts arrive and the frame settle at its final height.
      if (!path.includes('follow-up'))
        await frame.locator('select option[value="350102"]').waitFor({ state: 'attached' });
      await page.waitForTimeout(150);
      return { page, frame };
    }

    /**
     * Screenshots come from the form opened on its own: headless Chromium paints out-of-process
     * (cross-site) frames stale in screenshots, while the checks above run in the real frame.
     */
    async function screenshotStandalone(path: string, file: string, width = 480) {
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await page.goto(`${server.url}${path}`);
      await page.locator('#ezhili-app h1').waitFor();
      await page.waitForTimeout(200);
      await page.screenshot({ path: artifactPath(file), fullPage: true });
      await page.context().close();
    }

    for (const locale of ['zh-CN', 'en'] as const) {
      it(`has no serious or critical axe violations in ${locale}, also with errors shown; screenshot saved`, async () => {
        const { page, frame } = await openWidget(`/${locale}`);
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe(locale);
        expect(await seriousViolations(frame)).toEqual([]);
        await screenshotStandalone(`/embed/tip?partner=demo&locale=${locale}`, `widget-tip-${locale}.png`);

        // Submitting the empty form shows the error summary, focused, and marks the fields.
        await frame.locator('button[type="submit"]').click();
        const summary = frame.getByRole('alert');
        await expect.poll(() => summary.isVisible()).toBe(true);
        expect(await frame.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
        expect(await frame.locator('[aria-invalid="true"]').count()).toBeGreaterThanOrEqual(4);
        expect(await seriousViolations(frame)).toEqual([]);
        await page.context().close();
      });
    }

    it('keeps its contrast in the dark scheme with a partner accent', async () => {
      const { page, frame } = await openWidget('/dark');
      expect(await frame.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
      await frame.locator('button[type="submit"]').click();
      expect(await seriousViolations(frame)).toEqual([]);
      await page.context().close();
    });

    it('has an accessible shop picker with its results open', async () => {
      const { page, frame } = await openWidget('/en');
      const search = frame.getByRole('combobox', { name: 'Search shops by name' });
      await search.pressSequentially('Noodle');
      await frame.getByRole('listbox').waitFor();
      await search.press('ArrowDown');
      expect(await search.getAttribute('aria-activedescendant')).toMatch(/-0$/);
      expect(await seriousViolations(frame)).toEqual([]);
      await page.context().close();
    });

    it('moves through the form in visual order with the keyboard', async () => {
      const { page, frame } = await openWidget('/en');
      await frame.getByLabel('What did you see?').focus();
      const order: string[] = [];
      for (let i = 0; i < 20; i++) {
        const name = await frame.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element) return '';
          const label = element.id
            ? document.querySelector(`label[for="${element.id}"]`)?.textContent
            : undefined;
          return (label ?? element.textContent ?? element.tagName)
            .replace(/\s*\((required|optional)\)/, '')
            .trim();
        });
        if (order.at(-1) !== name) order.push(name);
        if (name === 'Close') break;
        await page.keyboard.press('Tab');
      }
      expect(order).toEqual([
        'What did you see?',
        'Search shops by name',
        'Shop name',
        'Shop address',
        'District',
        'Kind of problem',
        'When you saw it',
        'I work (or worked) at this shop',
        'Photos or videos',
        'Report anonymously',
        'Send report',
        'Close',
      ]);
      await page.context().close();
    });

    it('fits a 320 px wide screen without horizontal scrolling', async () => {
      const { page, frame } = await openWidget('/zh-CN', { width: 320, height: 800 });
      const widths = await frame.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(widths.client).toBeLessThanOrEqual(320);
      await screenshotStandalone('/embed/tip?partner=demo', 'widget-tip-zh-CN-320px.png', 320);
      await page.context().close();
    });

    it('has an accessible receipt screen, with focus on its heading', async () => {
      const { page, frame } = await openWidget('/en');
      await frame
        .getByLabel('What did you see?')
        .fill('Staff handle raw meat and cooked food with the same gloves.');
      await frame.getByLabel('Shop name').fill('Corner Kitchen');
      await frame.getByLabel('Shop address').fill('5 Gutian Road');
      await frame.getByLabel('District').selectOption('350102');
      await frame.getByLabel('Kind of problem').selectOption('unhygienic_kitchen');
      await frame.getByRole('button', { name: 'Send report' }).click();
      await frame.getByRole('heading', { name: 'Report sent' }).waitFor({ timeout: 20_000 });
      expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Report sent');
      expect(await seriousViolations(frame)).toEqual([]);
      await page.context().close();
    });

    it('has an accessible follow-up page', async () => {
      const { page, frame } = await openWidget('/follow-up');
      expect(await frame.getByLabel('Report code').count()).toBe(1);
      expect(await frame.getByLabel('Receipt secret').count()).toBe(1);
      expect(await seriousViolations(frame)).toEqual([]);
      await screenshotStandalone('/embed/follow-up?partner=demo&locale=en', 'widget-follow-up-en.png');
      await page.context().close();
    });
  },
);
