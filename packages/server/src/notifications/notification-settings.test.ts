import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../config/module-settings.js';
import { createTestApp } from '../testing/test-app.js';
import { startNotifications } from './notification-background.js';
import { readNotificationSettings } from './notification-settings.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    readNotificationSettings(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('notification settings', () => {
  it('default to email off, immediate mode, two days of warning in Fuzhou time', () => {
    expect(readNotificationSettings({})).toEqual({
      sweepIntervalMs: 60_000,
      deadlineSoonDays: 2,
      offsetMinutes: 480,
      emailMode: 'immediate',
      digestHour: 8,
      smtp: undefined,
    });
  });

  it('read a relay with its TLS mode and the port that goes with it', () => {
    const { smtp } = readNotificationSettings({
      SMTP_HOST: 'mail.bureau.example',
      SMTP_TLS: 'tls',
      SMTP_FROM: 'a@b.example',
    });
    expect(smtp).toMatchObject({ host: 'mail.bureau.example', port: 465, tls: 'tls', from: 'a@b.example' });
    expect(readNotificationSettings({ SMTP_HOST: 'h', SMTP_FROM: 'a@b.example' }).smtp?.port).toBe(587);
  });

  it('refuse what is unsafe or incomplete, every problem at once', () => {
    expect(problems({ SMTP_HOST: 'h', SMTP_TLS: 'none', SMTP_USER: 'u', SMTP_PASSWORD: 'p' })).toEqual([
      'SMTP_TLS=none with SMTP_USER: credentials would cross the network in the clear',
      'SMTP_FROM is required when SMTP_HOST is set (e.g. "ezhili <noreply@bureau.gov.cn>")',
    ]);
    expect(problems({ SMTP_USER: 'u' })).toEqual(['SMTP_USER or SMTP_PASSWORD is set but SMTP_HOST is not']);
    expect(problems({ SMTP_HOST: 'h', SMTP_FROM: 'f@x.example', SMTP_TLS: 'ssl' })[0]).toMatch(
      /^SMTP_TLS must be one of/,
    );
    expect(problems({ NOTIFY_TIME_ZONE: 'Asia/Shanghai', NOTIFY_EMAIL_MODE: 'weekly' })).toHaveLength(2);
    expect(
      problems({ SMTP_HOST: 'h', SMTP_FROM: 'f@x.example', SMTP_TLS_CA_FILE: '/nonexistent/ca.pem' }),
    ).toEqual(['SMTP_TLS_CA_FILE "/nonexistent/ca.pem" cannot be read']);
  });

  it('say once at start-up that email is off when no relay is configured', async () => {
    const t = await createTestApp({ NOTIFY_SWEEP_INTERVAL_MS: '0' });
    try {
      const task = startNotifications(t.ctx);
      await task.stop();
      expect(t.logLines.filter((line) => line.includes('notification email is off'))).toHaveLength(1);
    } finally {
      t.close();
    }
  });
});
