import type { Context, Hono } from 'hono';
import { CONSOLE_API_PREFIX } from '../auth/console-session.js';
import { randomSecret } from '../crypto/hashing.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { notFound, ProblemError } from '../problem/problem-error.js';
import { CONSOLE_PERMISSIONS_POLICY, consoleContentSecurityPolicy } from './console-csp.js';
import { type ConsoleFiles, consoleDistDir, loadConsoleFiles, NONCE_PLACEHOLDER } from './console-files.js';
import { CONSOLE_SETTINGS } from './console-settings.js';

function notBuilt(): ProblemError {
  return new ProblemError(503, {
    code: 'console_not_built',
    detail: 'The console has not been built; run `npm run build -w @ezhili/console` (or `npm run build`).',
  });
}

/**
 * The console's documents at `/console/`: its built files, and `index.html` for every client
 * route (a path without a file extension), so a deep link or a reload lands on the app. Every
 * answer carries the console's policy; the document is `no-store` (what it shows may identify
 * officials), the hashed assets are immutable.
 */
export function mountConsoleDocuments(app: Hono<AppEnv>, ctx: AppContext): void {
  const settings = ctx.settings.of(CONSOLE_SETTINGS);
  const distDir = settings.distDir ?? consoleDistDir();
  // How officials may sign in here, for the login page to offer (it cannot ask before signing in).
  const signIn = [
    ...(ctx.config.localStaffLogin ? ['password'] : []),
    ...(ctx.config.oidc && settings.oidcClient ? ['oidc'] : []),
  ].join(' ');
  const signInMeta = `<meta name="ezhili-sign-in" content="${signIn}">`;
  let built: ConsoleFiles | undefined;
  const current = () => {
    built ??= loadConsoleFiles(distDir);
    if (!built) throw notBuilt();
    return built;
  };

  const headers = (nonce: string) => ({
    'Content-Security-Policy': consoleContentSecurityPolicy(nonce),
    'Permissions-Policy': CONSOLE_PERMISSIONS_POLICY,
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const document = (c: Context<AppEnv>) => {
    const nonce = randomSecret(18);
    const html = current()
      .index.replaceAll(NONCE_PLACEHOLDER, nonce)
      .replace(/<head>/i, (head) => `${head}${signInMeta}`);
    return c.html(html, 200, { ...headers(nonce), 'Cache-Control': 'no-store' });
  };

  app.get('/console', (c) => c.redirect('/console/', 308));
  app.get('/console/*', (c) => {
    const path = c.req.path.slice('/console/'.length);
    if (`/console/${path}` === CONSOLE_API_PREFIX || path.startsWith('api/')) {
      throw notFound(`No operation at ${c.req.method} ${c.req.path}.`, 'route_not_found');
    }
    const file = current().files.get(path);
    if (file) {
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        ...headers(randomSecret(18)),
        'Content-Type': file.contentType,
        'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    // A client route (no extension) gets the app; a missing file stays a 404.
    if (!/\.[a-z0-9]+$/i.test(path)) return document(c);
    throw notFound(`No console file ${path}.`, 'route_not_found');
  });
}
