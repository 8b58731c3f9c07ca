// A partner app's web server, reduced to what embedding the widget needs: one page, one
// script, and a Content-Security-Policy that allows the regulator's host script and frame.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 5173);
const regulator = new URL(process.env.EZHILI_URL ?? 'http://localhost:8787').origin;
const partnerId = process.env.EZHILI_PARTNER ?? 'demo';

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = readFileSync(new URL('./index.html', import.meta.url), 'utf8')
  .replaceAll('{{REGULATOR}}', escapeHtml(regulator))
  .replaceAll('{{PARTNER}}', escapeHtml(partnerId));
const files = {
  '/': { type: 'text/html; charset=utf-8', body: page },
  '/app.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./app.js', import.meta.url)),
  },
  '/app.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./app.css', import.meta.url)) },
};

// The partner's own CSP: its scripts, the regulator's host script, and the regulator's frame.
const csp = [
  "default-src 'self'",
  `script-src 'self' ${regulator}`,
  `frame-src ${regulator}`,
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const server = createServer((request, response) => {
  const file = files[new URL(request.url ?? '/', 'http://x').pathname];
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response
    .writeHead(200, {
      'content-type': file.type,
      'content-security-policy': csp,
      'cache-control': 'no-store',
    })
    .end(file.body);
});
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(
    `Partner app on http://localhost:${actual} embedding the widget from ${regulator} (partner "${partnerId}")`,
  );
});
