import { defineSettings } from '../config/module-settings.js';

export interface ConsoleSettings {
  /** A session ends this long after its last request. */
  idleTimeoutSeconds: number;
  /** …and this long after sign-in, whatever the activity. */
  maxSessionSeconds: number;
  /** `auto`: `Secure` when the request is https (a trusted proxy's X-Forwarded-Proto counts) or PUBLIC_URL is. */
  secureCookie: 'auto' | 'always' | 'never';
  /** The built console (`@ezhili/console`'s dist) unless given. */
  distDir: string | undefined;
  /** OIDC sign-in for the console: the client registered at the provider (OIDC_ISSUER in the base config). */
  oidcClient: { clientId: string; clientSecret: string | undefined; scopes: string } | undefined;
  /** The callback registered at the provider; by default derived from the origin the browser used. */
  oidcRedirectUrl: string | undefined;
}

/** The console's sessions, files and OIDC client (`ctx.settings.of(CONSOLE_SETTINGS)`). */
export const CONSOLE_SETTINGS = defineSettings('console', (read): ConsoleSettings => {
  const idleTimeoutSeconds = read.int('CONSOLE_IDLE_TIMEOUT_SECONDS', 900, { min: 60, max: 24 * 3600 });
  const maxSessionSeconds = read.int('CONSOLE_SESSION_MAX_SECONDS', 8 * 3600, {
    min: 300,
    max: 7 * 24 * 3600,
  });
  if (maxSessionSeconds < idleTimeoutSeconds) {
    read.fail('CONSOLE_SESSION_MAX_SECONDS must not be shorter than CONSOLE_IDLE_TIMEOUT_SECONDS');
  }
  const clientId = read.optionalString('OIDC_CLIENT_ID');
  if (clientId && !read.optionalString('OIDC_ISSUER'))
    read.fail('OIDC_CLIENT_ID needs OIDC_ISSUER (the provider)');
  return {
    idleTimeoutSeconds,
    maxSessionSeconds,
    secureCookie: read.oneOf('CONSOLE_SECURE_COOKIE', ['auto', 'always', 'never'] as const, 'auto'),
    distDir: read.optionalString('CONSOLE_DIST_DIR'),
    oidcClient: clientId
      ? {
          clientId,
          clientSecret: read.optionalString('OIDC_CLIENT_SECRET'),
          scopes: read.string('OIDC_SCOPES', 'openid profile email'),
        }
      : undefined,
    oidcRedirectUrl: read.url('OIDC_REDIRECT_URL'),
  };
});
