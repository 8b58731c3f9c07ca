import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import { browserAvailable, launchChromium, type TestBrowser } from '../support/widget-browser.js';

const SERVE = fileURLToPath(new URL('../../examples/partner-app/serve.mjs', import.meta.url));

describe.runIf(browserAvailable('widget example test'))('examples/partner-app', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let example: ChildProcess;
  let exampleUrl: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    example = spawn(process.execPath, [SERVE], {
      env: { ...process.env, PORT: '0', EZHILI_URL: server.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exampleUrl = await new Promise<string>((resolve, reject) => {
      example.stdout!.on('data', (chunk: Buffer) => {
        const match = /on (http:\/\/localhost:\d+)/.exec(String(chunk));
        if (match) resolve(match[1]!);
      });
      example.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
  });
  afterAll(async () => {
    example?.kill();
    await browser?.close();
    await server?.close();
  });

  it('embeds the widget under the partner page’s own CSP and logs only coarse events', async () => {
    const page = await (await browser.newContext()).newPage();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(exampleUrl);
    await page.getByRole('button', { name: /Report a problem/ }).click();
    await expect.poll(() => page.locator('#events li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator('#events li').first().textContent()).toMatch(/\{"type":"ready","height":\d+\}/);
    const frame = page.frames().find((f) => f.url().startsWith(`${server.url}/embed/tip`))!;
    expect(await frame.locator('h1').textContent()).toBe('举报网络餐饮违法行为');
    expect(cspErrors).toEqual([]);
    await page.context().close();
  });
});
