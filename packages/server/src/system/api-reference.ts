import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';

/**
 * `/docs`: the interactive API reference, Swagger UI from the `swagger-ui-dist` npm package,
 * served by this server (no CDN, so it works on an air-gapped intranet). The page loads only this
 * origin's own files; the initializer is a file too, so the CSP needs no inline script.
 */
export const API_REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ezhili API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="api-reference"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the contract to a public validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#api-reference',
  deepLinking: true,
  displayOperationId: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function readAssets(): Map<string, { body: Uint8Array | string; type: string }> {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets = new Map<string, { body: Uint8Array | string; type: string }>();
  for (const [name, type] of Object.entries(ASSETS)) {
    assets.set(name, { body: new Uint8Array(readFileSync(join(root, name))), type });
  }
  assets.set('init.js', { body: INIT, type: 'text/javascript; charset=utf-8' });
  return assets;
}

export function mountApiReference(app: Hono<AppEnv>): void {
  let assets: ReturnType<typeof readAssets> | undefined;
  app.get('/docs', (c) =>
    c.html(PAGE, 200, { 'Content-Security-Policy': API_REFERENCE_CSP, 'Cache-Control': 'no-cache' }),
  );
  app.get('/docs/assets/:name', (c) => {
    assets ??= readAssets();
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(asset.body as never, 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
