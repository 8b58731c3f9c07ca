import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { loadEmbedAssets } from './embed-assets.js';

// Needs the widget's build output (turbo builds @ezhili/widget before the server's tests).
describe('the embed documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVIDENCE_MAX_FILES_PER_TIP: '3', EVIDENCE_MAX_PHOTO_BYTES: '2000000' });
  });
  afterAll(() => t.close());

  const directives = (response: Response) =>
    Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );

  it('serves the host script for partner pages, cacheable and revalidated by ETag', async () => {
    const response = await t.request('/embed/widget.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = await response.text();
    expect(body).toContain('Ezhili');
    const again = await t.request('/embed/widget.js', {
      headers: { 'if-none-match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('serves the tip page framed only by the partner, with a strict CSP and no inline code', async () => {
    const response = await t.request(
      '/embed/tip?partner=demo&origin=http://localhost:5173&locale=en&accent=%23aa0000',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = directives(response);
    expect(csp['frame-ancestors']).toBe('http://localhost:* http://127.0.0.1:*');
    expect(csp['default-src']).toBe("'none'");
    expect(csp['script-src']).toBe("'self'");
    expect(csp['style-src']).toBe("'self'");
    expect(csp['connect-src']).toBe("'self'");
    expect(response.headers.get('content-security-policy')).not.toMatch(
      /unsafe|https?:\/\/(?!localhost|127)/,
    );
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('data-parent-origin="http://localhost:5173"');
    expect(html).toContain('&quot;maxFiles&quot;:3');
    expect(html).toContain('&quot;maxPhotoBytes&quot;:2000000');
    expect(html).toContain('image/jpeg');
    expect(html).toContain('&quot;accent&quot;:&quot;#aa0000&quot;');
    // Every script is external and same-origin; no inline handlers or styles.
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/embed\/assets\//);
    expect(html).not.toMatch(/<style|style="|\son\w+=/);
    const script = /src="([^"]+)"/.exec(html)![1]!;
    const asset = await t.request(script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const style = /href="([^"]+\.css[^"]*)"/.exec(html)![1]!;
    expect((await t.request(style)).headers.get('content-type')).toContain('text/css');
  });

  it('defaults to simplified Chinese and serves the follow-up page', async () => {
    const response = await t.request('/embed/follow-up?partner=demo');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('data-page="follow-up"');
    expect(html).toContain('data-parent-origin=""');
  });

  it('refuses unknown or disabled partners and unregistered parent origins, unframeable', async () => {
    const unknown = await t.request('/embed/tip?partner=nobody&origin=http://localhost:1');
    expect(unknown.status).toBe(404);
    expect(directives(unknown)['frame-ancestors']).toBe("'none'");
    const missing = await t.request('/embed/tip');
    expect(missing.status).toBe(404);
    const foreign = await t.request('/embed/tip?partner=demo&origin=https://evil.example.cn');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe('origin_not_allowed');
    expect(directives(foreign)['frame-ancestors']).toBe("'none'");
    const sneaky = await t.request(
      `/embed/tip?partner=demo&origin=${encodeURIComponent('http://localhost:1"><script>alert(1)</script>')}`,
    );
    expect(sneaky.status).toBe(403);

    const admin = await t.login('admin@demo.local');
    await t.request('/partners/demo', { method: 'PATCH', token: admin, json: { enabled: false } });
    expect((await t.request('/embed/tip?partner=demo')).status).toBe(404);
    await t.request('/partners/demo', { method: 'PATCH', token: admin, json: { enabled: true } });
    expect((await t.request('/embed/tip?partner=demo')).status).toBe(200);
  });

  it('ignores theme values that are not plain tokens', async () => {
    const html = await (
      await t.request(
        `/embed/tip?partner=demo&accent=${encodeURIComponent('red;}body{x:url(//e)')}&radius=99&scheme=dark`,
      )
    ).text();
    expect(html).toContain('data-theme="{&quot;scheme&quot;:&quot;dark&quot;}"');
  });

  it('answers 503 with a problem when the widget was not built', () => {
    expect(loadEmbedAssets('/nonexistent/dist')).toBeUndefined();
  });
});
