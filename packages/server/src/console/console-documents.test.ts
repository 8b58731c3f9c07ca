import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { NONCE_PLACEHOLDER } from './console-files.js';

/** A built console as Vite lays it out: index.html (with the nonce placeholder) and hashed assets. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ezhili-console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta name="csp-nonce" content="${NONCE_PLACEHOLDER}"><script type="module" src="/console/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log("console")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('the console served at /console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CONSOLE_DIST_DIR: fakeDist() });
  });
  afterAll(() => t.close());

  it('serves the document with a strict policy, a fresh nonce per response and no-store', async () => {
    const first = await t.request('/console/');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const csp = first.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await first.text();
    const nonce = /name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    expect(nonce).not.toBe(NONCE_PLACEHOLDER);
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(html).toContain('<meta name="ezhili-sign-in" content="password">');
    const second = await t.request('/console/');
    expect(await second.text()).not.toContain(nonce!);
  });

  it('answers client routes with the app, deep links included, and files as themselves', async () => {
    expect((await t.request('/console')).status).toBe(308);
    expect((await t.request('/console')).headers.get('location')).toBe('/console/');
    const deep = await t.request('/console/cases/cas_01JQ7Z3V6K8R2M4N5P6Q7R8S9T');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const asset = await t.request('/console/assets/index-AbC123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("console")');
    expect((await t.request('/console/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
    expect((await t.request('/console/assets/missing.js')).status).toBe(404);
    expect((await t.request('/console/../package.json')).status).not.toBe(200);
    // The API prefix is never the app: an unknown operation there is a problem, not a page.
    const unknown = await t.request('/console/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await t.request('/console/api')).status).toBe(404);
  });

  it('says so when the console has not been built', async () => {
    const bare = await createTestApp({ CONSOLE_DIST_DIR: join(tmpdir(), 'ezhili-no-console-here') });
    try {
      const response = await bare.request('/console/');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'console_not_built' });
    } finally {
      bare.close();
    }
  });
});
