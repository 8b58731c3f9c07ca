import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that work for the demo', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/ezhili-x' });
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('file:/tmp/ezhili-x/ezhili.db');
    expect(config.keysDir).toBe('/tmp/ezhili-x/keys');
    expect(config.oidc).toBeUndefined();
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('LOG_LEVEL');
    }
  });

  it('refuses the demo secret and demo mode in production', () => {
    expect(() => loadConfig({ EZHILI_ENV: 'production' })).toThrow(/STAFF_TOKEN_SECRET/);
    expect(() =>
      loadConfig({ EZHILI_ENV: 'production', STAFF_TOKEN_SECRET: 'x'.repeat(40), EZHILI_DEMO: 'true' }),
    ).toThrow(/EZHILI_DEMO/);
    expect(loadConfig({ EZHILI_ENV: 'production', STAFF_TOKEN_SECRET: 'x'.repeat(40) }).env).toBe(
      'production',
    );
  });

  it('derives OIDC settings from the issuer', () => {
    const config = loadConfig({ OIDC_ISSUER: 'https://idp.example/realm' });
    expect(config.oidc?.jwksUrl).toBe('https://idp.example/realm/.well-known/jwks.json');
    expect(config.oidc?.rolesClaim).toBe('ezhili_roles');
  });
});
