import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Frame } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a visible notice,
 * except under CI=true, where a missing browser is a failure (CI installs it).
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `${suite}: ${CHROMIUM_PATH} is missing; install it with \`apt-get install -y chromium\``;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n  ⚠ SKIPPING ${message}\n`);
  return false;
}

export interface TestBrowser {
  browser: Browser;
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with no background network chatter. Playwright gives every
 * non-persistent launch a fresh temporary profile (user-data-dir) and deletes it on close.
 */
export async function launchChromium(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    newContext: (options) => browser.newContext(options),
    close: () => browser.close(),
  };
}

export interface StaticSite {
  /** e.g. `http://localhost:41234` */
  origin: string;
  close(): Promise<void>;
}

/**
 * A tiny HTTP server for pages on another origin than the regulator's: the partner's host page,
 * or a hostile page. `pages` maps a path to its HTML.
 */
export async function serveStaticSite(
  pages: Record<string, string>,
  hostname = 'localhost',
): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const page = pages[path];
    if (page === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Makes the artifacts directory and returns the path for a file in it. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/**
 * A partner's host page: loads the host script from the regulator, mounts the widget, and
 * records what host-page script can observe: the coarse events and every raw message it receives.
 */
export function hostPage(
  regulatorUrl: string,
  options: { partnerId?: string; locale?: string; page?: string; extra?: string; theme?: object } = {},
): string {
  const config = JSON.stringify({
    baseUrl: regulatorUrl,
    partnerId: options.partnerId ?? 'demo',
    locale: options.locale ?? 'zh-CN',
    page: options.page ?? 'tip',
    theme: options.theme ?? {},
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner app</title>
<script src="${regulatorUrl}/embed/widget.js"></script></head>
<body>
<h1>Partner app</h1>
<div id="report"></div>
${options.extra ?? ''}
<script>
  window.widgetEvents = [];
  window.rawMessages = [];
  window.addEventListener('message', (e) => window.rawMessages.push({ origin: e.origin, data: JSON.stringify(e.data) }));
  window.widget = Ezhili.mount(document.getElementById('report'), Object.assign(${config}, {
    onEvent: (event) => window.widgetEvents.push(event),
  }));
</script>
</body></html>`;
}

/** A small valid JPEG made in code (no binary fixtures). */
export async function makeJpeg(width = 32, height = 24): Promise<Buffer> {
  const { encode } = (await import('jpeg-js')).default;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 7) % 256;
    data[i * 4 + 1] = (i * 3) % 256;
    data[i * 4 + 2] = 128;
    data[i * 4 + 3] = 255;
  }
  return encode({ data, width, height }, 80).data;
}

/**
 * Starts watching the widget's upload progress bar from inside its frame (the test driver may;
 * the host page may not) and returns how to read the highest value it showed, which is 100
 * once the whole file went up.
 */
export async function watchUploadProgress(frame: Frame): Promise<() => Promise<number>> {
  await frame.evaluate(() => {
    const w = window as unknown as { maxProgress: number };
    w.maxProgress = 0;
    const timer = setInterval(() => {
      const bar = document.querySelector<HTMLProgressElement>('.ez-files progress');
      if (bar) w.maxProgress = Math.max(w.maxProgress, bar.value);
      else if (w.maxProgress > 0) clearInterval(timer);
    }, 1);
  });
  return () => frame.evaluate(() => (window as unknown as { maxProgress: number }).maxProgress);
}
