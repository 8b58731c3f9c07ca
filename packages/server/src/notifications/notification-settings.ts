import { readFileSync } from 'node:fs';
import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';
import { parseUtcOffset } from '../rewards/working-days.js';

export const SMTP_TLS_MODES = ['none', 'starttls', 'tls'] as const;
export type SmtpTlsMode = (typeof SMTP_TLS_MODES)[number];

export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: upgrade required (587); `none`: plain. */
  tls: SmtpTlsMode;
  user: string | undefined;
  password: string | undefined;
  from: string;
  /** PEM certificates to trust besides the system's (a private relay's own CA). */
  ca: string | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
}

export interface NotificationSettings {
  /** How often deadlines and queues are swept; 0 turns the background sweep off (tests drive it). */
  sweepIntervalMs: number;
  /** A `case_deadline_soon` notification comes this many days before the deadline. */
  deadlineSoonDays: number;
  /** Minutes east of UTC of the deployment: due days and the digest hour are counted in it. */
  offsetMinutes: number;
  /** `immediate`: one email per notification; `digest`: one email a day per staff member. */
  emailMode: 'immediate' | 'digest';
  /** The local hour (0–23) the daily digest is sent at. */
  digestHour: number;
  /** Undefined when `SMTP_HOST` is not set: notifications are then only in the API. */
  smtp: SmtpSettings | undefined;
}

const DEFAULT_PORTS: Record<SmtpTlsMode, number> = { none: 25, starttls: 587, tls: 465 };

/**
 * Staff notifications and their email delivery (`ctx.settings.of(NOTIFICATION_SETTINGS)`).
 * Email is off unless `SMTP_HOST` is set. Credentials are refused over a plain connection
 * (`SMTP_TLS=none`): a relay password must not cross the network in the clear.
 */
export const NOTIFICATION_SETTINGS = defineSettings('notifications', (read): NotificationSettings => {
  const zone = read.string('NOTIFY_TIME_ZONE', '+08:00');
  const offsetMinutes = parseUtcOffset(zone);
  if (offsetMinutes === undefined) {
    read.fail(`NOTIFY_TIME_ZONE must be a UTC offset like +08:00, got ${JSON.stringify(zone)}`);
  }
  const host = read.optionalString('SMTP_HOST');
  const tls = read.oneOf('SMTP_TLS', SMTP_TLS_MODES, 'starttls');
  const user = read.optionalString('SMTP_USER');
  const password = read.optionalString('SMTP_PASSWORD');
  const caFile = read.optionalString('SMTP_TLS_CA_FILE');
  let smtp: SmtpSettings | undefined;
  if (host) {
    if (user && !password) read.fail('SMTP_USER is set but SMTP_PASSWORD is not');
    if (user && tls === 'none') {
      read.fail('SMTP_TLS=none with SMTP_USER: credentials would cross the network in the clear');
    }
    const from = read.optionalString('SMTP_FROM');
    if (!from)
      read.fail('SMTP_FROM is required when SMTP_HOST is set (e.g. "ezhili <noreply@bureau.gov.cn>")');
    let ca: string | undefined;
    if (caFile) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch {
        read.fail(`SMTP_TLS_CA_FILE ${JSON.stringify(caFile)} cannot be read`);
      }
    }
    smtp = {
      host,
      port: read.int('SMTP_PORT', DEFAULT_PORTS[tls], { min: 1, max: 65535 }),
      tls,
      user,
      password,
      from: from ?? '',
      ca,
      timeoutMs: read.int('SMTP_TIMEOUT_MS', 30_000, { min: 1000, max: 300_000 }),
      pollIntervalMs: read.int('SMTP_POLL_INTERVAL_MS', 5000, { min: 100, max: 3_600_000 }),
    };
  } else if (user || password) {
    read.fail('SMTP_USER or SMTP_PASSWORD is set but SMTP_HOST is not');
  }
  return {
    sweepIntervalMs: read.int('NOTIFY_SWEEP_INTERVAL_MS', 60_000, { min: 0, max: 86_400_000 }),
    deadlineSoonDays: read.int('NOTIFY_DEADLINE_SOON_DAYS', 2, { min: 1, max: 90 }),
    offsetMinutes: offsetMinutes ?? 480,
    emailMode: read.oneOf('NOTIFY_EMAIL_MODE', ['immediate', 'digest'] as const, 'immediate'),
    digestHour: read.int('NOTIFY_DIGEST_HOUR', 8, { min: 0, max: 23 }),
    smtp,
  };
});

/** Reads the notification settings on their own; throws a ConfigError listing every problem. */
export function readNotificationSettings(env: Env): NotificationSettings {
  return readSettings(NOTIFICATION_SETTINGS, { rawEnv: env });
}
