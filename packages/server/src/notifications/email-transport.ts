import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpSettings } from './notification-settings.js';

/**
 * The SMTP connection nodemailer makes from the settings: `tls` speaks TLS from the first byte,
 * `starttls` refuses a server that does not upgrade (no silent fallback to plain text), `none`
 * never upgrades. Certificates are always verified, against the system's CAs plus `ca`.
 */
export function createSmtpTransport(smtp: SmtpSettings): Transporter {
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    ...(smtp.user && { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(smtp.ca && { ca: smtp.ca }) },
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  });
}

/** What a failed send is recorded as: the SMTP reply code or error kind, never an address. */
export function describeSendError(error: unknown): { permanent: boolean; summary: string } {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') {
    // 5xx refuses this message or recipient for good; a bad login (535) is fixed by an admin, so it is retried.
    return { permanent: responseCode >= 500 && code !== 'EAUTH', summary: `SMTP ${responseCode}` };
  }
  return { permanent: false, summary: code ? `connection failed (${code})` : 'connection failed' };
}
