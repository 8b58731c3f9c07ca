import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../app/create-app-context.js';
import { residentIdCheckCharacter } from '../identity/resident-id.js';
import { createMemoryLogger } from '../logging/logger.js';
import {
  selfSignedCertificate,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../testing/smtp-test-server.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTestTip } from '../testing/triaged-tip.js';
import { createEmailWorker } from './email-delivery-worker.js';
import { createNotificationSweep } from './notification-sweep.js';

const REPORTER = {
  realName: '司马泄露测试',
  residentId: `35010219870605187${residentIdCheckCharacter('35010219870605187')}`,
  phone: '13959870042',
  bankAccount: {
    bankName: '福州测试银行',
    accountNumber: '6222021234567890123',
    accountName: '司马泄露测试',
  },
  passphrase: 'correct horse battery staple',
};
const DESCRIPTION = 'The night cook saw rats near the rice cooker at the back door.';
const SHOP = { name: 'Leaky Wok 漏勺小馆', address: '17 Baima Road' };

/** Submits a tip as a reporter with an account: the data that must never reach an email. */
async function reporterTip(t: TestApp): Promise<string> {
  const account = await t.request('/reporter/accounts', { json: REPORTER });
  expect(account.status).toBe(201);
  const { token } = (await account.json()) as { token: string };
  return (await submitTestTip(t, { description: DESCRIPTION, shop: SHOP }, token)).identityCode;
}

const anonymousTip = async (t: TestApp) =>
  (await submitTestTip(t, { description: DESCRIPTION, shop: SHOP })).identityCode;

/** The personal data of the reporter and the case content, none of which may be in a message. */
function leaks(raw: string, parsed: ParsedMail): string[] {
  const text = `${raw}\n${parsed.subject ?? ''}\n${parsed.text ?? ''}`;
  const secrets = [
    REPORTER.realName,
    REPORTER.residentId,
    REPORTER.phone,
    REPORTER.bankAccount.accountNumber,
    REPORTER.bankAccount.bankName,
    DESCRIPTION,
    SHOP.name,
    SHOP.address,
  ];
  return secrets
    .filter((secret) => text.includes(secret))
    .concat(/case_[0-9a-z]{26}/.test(text) ? ['case id'] : []);
}

describe('notification email through a real SMTP server, with STARTTLS and a login', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const login = { user: 'ezhili-relay', password: 'relay-secret-42' };

  beforeAll(async () => {
    const certificate = selfSignedCertificate();
    smtp = await startTestSmtpServer({ tls: certificate, login });
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'starttls',
      SMTP_TLS_CA_FILE: certificate.certFile,
      SMTP_USER: login.user,
      SMTP_PASSWORD: login.password,
      SMTP_FROM: 'ezhili <noreply@bureau.example.test>',
      SMTP_TIMEOUT_MS: '5000',
      NOTIFY_SWEEP_INTERVAL_MS: '0',
    });
    await createNotificationSweep(t.ctx).runOnce();
    // What the first sweep found already overdue in the demo data is not what this test is about.
    await createEmailWorker(t.ctx).runOnce();
    smtp.received.length = 0;
  });
  afterAll(async () => {
    t.close();
    await smtp.close();
  });

  it('mails the unit of a new case: encrypted, logged in, to the staff address, with the code and a link only', async () => {
    const identityCode = await reporterTip(t);
    await createNotificationSweep(t.ctx).runOnce();
    const worker = createEmailWorker(t.ctx);
    expect(await worker.runOnce()).toEqual({ claimed: 1, sent: 1, failed: 0 });
    worker.close();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({
      to: ['intake@example.test'],
      from: 'noreply@bureau.example.test',
      secure: true,
    });
    expect(mail!.user).toBe(login.user);
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toContain(`New case ${identityCode} is in your unit's queue`);
    expect(parsed.subject).toContain(`新案件 ${identityCode}`);
    expect(parsed.text).toContain('acknowledgement due 2026-01-12');
    const [notification] = (
      (await (await t.request('/notifications', { token: await t.login('intake@demo.local') })).json()) as {
        items: Array<{ id: string; link: string; identityCode: string }>;
      }
    ).items;
    expect(notification!.identityCode).toBe(identityCode);
    expect(parsed.text).toContain(notification!.link);
    expect(parsed.messageId).toMatch(/^<nem_[0-9a-z]{26}@localhost>$/);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(leaks(mail!.raw, parsed)).toEqual([]);
  });

  it('sends nothing twice after a restart, and nothing new for what was already told', async () => {
    await anonymousTip(t);
    const before = smtp.received.length;
    await createNotificationSweep(t.ctx).runOnce();
    const worker = createEmailWorker(t.ctx);
    expect((await worker.runOnce()).sent).toBe(1);
    worker.close();
    expect(smtp.received).toHaveLength(before + 1);
    // What was sent is not kept, only that it was.
    const kept = await t.ctx.db.execute("SELECT subject, body FROM notification_emails WHERE state = 'sent'");
    expect(kept.rows.length).toBeGreaterThan(0);
    expect(kept.rows.every((row) => row.subject === '' && row.body === '')).toBe(true);

    // A new process on the same database: sweeps and the outbox find nothing left to send.
    const { logger } = createMemoryLogger('debug', t.clock);
    const restarted = await createAppContext(t.ctx.config, {
      clock: t.clock,
      logger,
      settings: t.ctx.settings,
    });
    try {
      expect((await createNotificationSweep(restarted).runOnce()).recorded).toBe(0);
      const again = createEmailWorker(restarted);
      expect(await again.runOnce()).toEqual({ claimed: 0, sent: 0, failed: 0 });
      // Even once every lease would have lapsed.
      t.clock.advance(3600_000);
      expect((await again.runOnce()).claimed).toBe(0);
      again.close();
    } finally {
      restarted.db.close();
    }
    expect(smtp.received).toHaveLength(before + 1);
  });

  it('retries with backoff while the relay is down, and sends once it is back', async () => {
    // A port nobody listens on any more: the relay is down.
    const wrong = await startTestSmtpServer();
    await wrong.close();
    await anonymousTip(t);
    await createNotificationSweep(t.ctx).runOnce();
    const { settings } = t.ctx;
    const downCtx = {
      ...t.ctx,
      settings: {
        of: <T>(schema: Parameters<typeof settings.of>[0]) => {
          const value = settings.of(schema) as { smtp?: object };
          return (value.smtp ? { ...value, smtp: { ...value.smtp, port: wrong.port } } : value) as T;
        },
      },
    };
    const down = createEmailWorker(downCtx);
    expect(await down.runOnce()).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(await down.runOnce()).toMatchObject({ claimed: 0 });
    down.close();
    const row = (
      await t.ctx.db.execute("SELECT attempts, last_error FROM notification_emails WHERE state = 'pending'")
    ).rows[0]!;
    expect(Number(row.attempts)).toBe(1);
    expect(String(row.last_error)).toMatch(/^connection failed/);
    expect(String(row.last_error)).not.toContain('@');
    t.clock.advance(75_000);
    const up = createEmailWorker(t.ctx);
    expect(await up.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    up.close();
  });
});

describe('notification email without TLS, and the daily digest', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    // 08:30 in Fuzhou; the digest goes at 09:00.
    t = await createTestApp(
      {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_TLS: 'none',
        SMTP_FROM: 'noreply@bureau.example.test',
        NOTIFY_EMAIL_MODE: 'digest',
        NOTIFY_DIGEST_HOUR: '9',
        NOTIFY_SWEEP_INTERVAL_MS: '0',
      },
      {},
      { now: '2026-01-05T00:30:00Z' },
    );
    await createNotificationSweep(t.ctx).runOnce();
  });
  afterAll(async () => {
    t.close();
    await smtp.close();
  });

  const deliver = async () => {
    await createNotificationSweep(t.ctx).runOnce();
    const worker = createEmailWorker(t.ctx);
    const result = await worker.runOnce();
    worker.close();
    return result;
  };

  it('groups a day of notifications into one message per staff member at the digest hour', async () => {
    const first = await anonymousTip(t);
    const second = await reporterTip(t);
    expect((await deliver()).claimed).toBe(0);
    expect(smtp.received).toHaveLength(0);

    t.clock.advance(3600_000);
    const result = await deliver();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const toIntake = smtp.received.filter((mail) => mail.to.includes('intake@example.test'));
    expect(toIntake).toHaveLength(1);
    expect(toIntake[0]!.secure).toBe(false);
    const parsed = await simpleParser(toIntake[0]!.raw);
    expect(parsed.subject).toMatch(
      /^\[ezhili\] 2026-01-05 通知摘要（\d+ 条）\/ Daily digest: \d+ notifications$/,
    );
    expect(parsed.text).toContain(`New case ${first}`);
    expect(parsed.text).toContain(`New case ${second}`);
    expect(parsed.text!.match(/\/console\/notifications\/ntf_/g)!.length).toBeGreaterThanOrEqual(2);
    for (const mail of smtp.received) expect(leaks(mail.raw, await simpleParser(mail.raw))).toEqual([]);

    // Built again the same day (another sweep, a restart): no second digest.
    expect((await deliver()).claimed).toBe(0);
  });

  it('keeps what arrives after the digest for the next day', async () => {
    const before = smtp.received.length;
    const late = await anonymousTip(t);
    expect((await deliver()).claimed).toBe(0);
    expect(smtp.received).toHaveLength(before);
    t.clock.advance(24 * 3600_000);
    await deliver();
    const next = smtp.received.slice(before).filter((mail) => mail.to.includes('intake@example.test'));
    expect(next).toHaveLength(1);
    const parsed = await simpleParser(next[0]!.raw);
    expect(parsed.subject).toContain('2026-01-06');
    expect(parsed.text).toContain(`New case ${late}`);
  });
});

describe('a relay that does not offer STARTTLS', () => {
  it('is refused in starttls mode: no fall-back to plain text', async () => {
    const smtp = await startTestSmtpServer();
    const t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_TLS: 'starttls',
      SMTP_FROM: 'noreply@bureau.example.test',
      SMTP_TIMEOUT_MS: '1000',
      NOTIFY_SWEEP_INTERVAL_MS: '0',
    });
    try {
      await createNotificationSweep(t.ctx).runOnce();
      await anonymousTip(t);
      await createNotificationSweep(t.ctx).runOnce();
      const worker = createEmailWorker(t.ctx);
      const result = await worker.runOnce();
      worker.close();
      expect(result.sent).toBe(0);
      expect(result.failed).toBeGreaterThan(0);
      expect(smtp.received).toHaveLength(0);
    } finally {
      t.close();
      await smtp.close();
    }
  });
});
