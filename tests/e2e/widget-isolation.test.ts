import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  browserAvailable,
  hostPage,
  launchChromium,
  makeJpeg,
  type StaticSite,
  serveStaticSite,
  type TestBrowser,
} from '../support/widget-browser.js';

const SECRET_DESCRIPTION = 'Rats in the cold store, SECRET-DESCRIPTION-7731';
const SECRET_FILE_NAME = 'SECRET-FILE-NAME-zhang-san.jpg';

// A page on a third origin, framed by the partner page, that forges widget events towards the
// host and theme messages towards the widget when told to.
const EVIL_PAGE = `<!doctype html><html lang="en"><head><title>evil</title></head><body><script>
window.addEventListener('message', (e) => {
  if (e.data !== 'attack') return;
  parent.postMessage({ source: 'ezhili-widget', version: 1, type: 'submitted' }, '*');
  parent.postMessage({ source: 'ezhili-widget', version: 1, type: 'resized', height: 5 }, '*');
  for (let i = 0; i < parent.frames.length; i++) {
    parent.frames[i].postMessage({ source: 'ezhili-host', version: 1, type: 'theme', theme: { accent: '#ff0000' } }, '*');
  }
  parent.postMessage('attack-done', '*');
});
</script></body></html>`;

describe.runIf(browserAvailable('widget isolation tests'))(
  'the widget is isolated from its host page',
  () => {
    let server: E2eServer;
    let browser: TestBrowser;
    let partner: StaticSite;
    let evil: StaticSite;
    let page: Page;
    let frame: Frame;

    beforeAll(async () => {
      server = await startE2eServer();
      browser = await launchChromium();
      evil = await serveStaticSite({ '/evil': EVIL_PAGE }, '127.0.0.1');
      partner = await serveStaticSite({
        '/': hostPage(server.url, {
          locale: 'en',
          extra: `<iframe id="evil" title="other content" src="${evil.origin}/evil"></iframe>`,
        }),
        '/direct': `<!doctype html><html lang="en"><head><title>direct</title></head><body>
        <iframe id="direct" title="direct" src="${server.url}/embed/tip?partner=locked"></iframe></body></html>`,
      });
      const context = await browser.newContext();
      page = await context.newPage();
      await page.goto(`${partner.origin}/`);
      await page.waitForFunction(() =>
        (window as unknown as { widgetEvents: Array<{ type: string }> }).widgetEvents.some(
          (e) => e.type === 'ready',
        ),
      );
      frame = page.frames().find((f) => f.url().includes('/embed/tip'))!;
    });
    afterAll(async () => {
      await browser?.close();
      await partner?.close();
      await evil?.close();
      await server?.close();
    });

    const events = () => page.evaluate(() => (window as unknown as { widgetEvents: unknown[] }).widgetEvents);
    const rawMessages = () =>
      page.evaluate(
        () => (window as unknown as { rawMessages: Array<{ origin: string; data: string }> }).rawMessages,
      );

    it('runs the form in a frame on the regulator origin, sized by coarse events', async () => {
      expect(new URL(frame.url()).origin).toBe(server.url);
      expect(new URL(page.url()).origin).not.toBe(server.url);
      const first = (await events())[0] as { type: string; height: number };
      expect(first.type).toBe('ready');
      expect(first.height).toBeGreaterThan(200);
      const height = await page.evaluate(
        () => document.querySelector<HTMLIFrameElement>('#report iframe')!.style.height,
      );
      expect(Number.parseInt(height, 10)).toBeGreaterThan(200);
    });

    it('keeps the description, the files and the identity code away from host-page script', async () => {
      await frame.getByLabel('What did you see?').fill(SECRET_DESCRIPTION);
      await frame.getByLabel('Shop name').fill('Lucky Noodles');
      await frame.getByLabel('Shop address').fill('1 Wuyi Road');
      await frame.getByLabel('District').selectOption('350102');
      await frame.getByLabel('Kind of problem').selectOption('unhygienic_kitchen');
      await frame.getByLabel('Photos or videos').setInputFiles({
        name: SECRET_FILE_NAME,
        mimeType: 'image/jpeg',
        buffer: await makeJpeg(),
      });
      await expect.poll(() => frame.locator('.ez-files li').count()).toBe(1);

      const attempts = await page.evaluate(() => {
        const iframe = document.querySelector<HTMLIFrameElement>('#report iframe')!;
        const attempt = (read: () => unknown) => {
          try {
            return { value: String(read()) };
          } catch (error) {
            return { error: (error as Error).name };
          }
        };
        return {
          contentDocument: iframe.contentDocument === null,
          document: attempt(() => iframe.contentWindow!.document.body.textContent),
          location: attempt(() => iframe.contentWindow!.location.href),
          framesIndex: attempt(() => (window.frames[0] as Window).document.title),
          hostText: document.body.textContent.includes('SECRET'),
        };
      });
      expect(attempts).toEqual({
        contentDocument: true,
        document: { error: 'SecurityError' },
        location: { error: 'SecurityError' },
        framesIndex: { error: 'SecurityError' },
        hostText: false,
      });

      await frame.getByRole('button', { name: 'Send report' }).click();
      const code = frame.locator('.ez-identity-code');
      await code.waitFor({ timeout: 20_000 });
      const identityCode = await code.inputValue();
      const receiptSecret = await frame.locator('.ez-receipt-secret').inputValue();
      expect(identityCode).toMatch(/^[A-Z0-9]+-/);

      const seen = await events();
      expect(seen.map((e) => (e as { type: string }).type)).toContain('submitted');
      for (const event of seen)
        expect(Object.keys(event as object).every((k) => k === 'type' || k === 'height')).toBe(true);
      const everything = JSON.stringify(await rawMessages());
      for (const secret of [
        identityCode,
        receiptSecret,
        'SECRET-DESCRIPTION',
        'SECRET-FILE-NAME',
        'Lucky Noodles',
      ]) {
        expect(everything).not.toContain(secret);
      }
      // The code is still unreadable from the host page after submission.
      const afterwards = await page.evaluate(() => {
        try {
          return document.querySelector<HTMLIFrameElement>('#report iframe')!.contentWindow!.document.body
            .textContent;
        } catch (error) {
          return (error as Error).name;
        }
      });
      expect(afterwards).toBe('SecurityError');
    });

    it('ignores messages from unexpected origins in both directions', async () => {
      const before = (await events()).length;
      const accent = () =>
        frame.evaluate(() =>
          getComputedStyle(document.documentElement).getPropertyValue('--ez-accent').trim(),
        );
      const original = await accent();
      await page.evaluate(() =>
        document.querySelector<HTMLIFrameElement>('#evil')!.contentWindow!.postMessage('attack', '*'),
      );
      await expect.poll(async () => JSON.stringify(await rawMessages())).toContain('attack-done');
      // The forged events reached the host page's window but not the widget's event callback.
      expect(JSON.stringify(await rawMessages())).toContain('"type\\":\\"submitted');
      expect((await events()).slice(before)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await accent()).toBe(original);
      // The real host page can theme the widget: the check above is not vacuous.
      await page.evaluate(() =>
        (window as unknown as { widget: { setTheme(t: object): void } }).widget.setTheme({
          accent: '#00aa00',
        }),
      );
      await expect.poll(accent).toBe('#00aa00');
    });

    it('cannot be framed by an origin the partner did not register', async () => {
      const admin = await server.login('admin@demo.local');
      const registered = await server.api('/partners', {
        token: admin,
        json: { id: 'locked', name: 'Locked', allowedOrigins: ['https://only.example.cn'] },
      });
      expect(registered.status).toBe(201);
      const other = await (await browser.newContext()).newPage();
      const blocked = other.waitForEvent('console', {
        predicate: (m) => /frame-ancestors/.test(m.text()),
        timeout: 10_000,
      });
      await other.goto(`${partner.origin}/direct`);
      await blocked;
      const direct = other.frames().find((f) => f !== other.mainFrame())!;
      // A blocked frame never runs the form: there is no form element to find.
      expect(await direct.locator('form').count()).toBe(0);
      await other.close();
    });
  },
);
