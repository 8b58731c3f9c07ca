import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idSetOf } from '../db/id-set.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';
import { deleteCaseNotifications } from './notification-retention.js';
import { createNotificationSweep } from './notification-sweep.js';

/** A case deleted by retention takes its notifications and their unsent messages with it. */
describe('notification retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A relay that is never reached: messages are queued, not sent.
    t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', SMTP_FROM: 'n@bureau.example.test' });
    await createNotificationSweep(t.ctx).runOnce();
  });
  afterAll(() => t.close());

  const count = async (sql: string, arg: string) =>
    Number((await t.ctx.db.execute({ sql, args: [arg] })).rows[0]!.n);

  it('deletes the notifications of the cases and the messages about them alone', async () => {
    const gone = await submitTriagedTip(t, {
      description: 'Mould in the fridge.',
      shop: { name: 'A', address: 'B' },
    });
    const kept = await submitTriagedTip(t, {
      description: 'Mould in the fridge.',
      shop: { name: 'A', address: 'B' },
    });
    await createNotificationSweep(t.ctx).runOnce();
    const emailsOf = `SELECT count(*) AS n FROM notification_emails WHERE id IN
                        (SELECT email_id FROM notifications WHERE case_id = ?)`;
    expect(await count(emailsOf, gone.caseId)).toBeGreaterThan(0);
    const emailsBefore = await count('SELECT count(*) AS n FROM notification_emails WHERE id <> ?', '');

    const deleted = await t.ctx.db.transaction((tx) => deleteCaseNotifications(tx, idSetOf([gone.caseId])));
    expect(deleted).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM notifications WHERE case_id = ?', gone.caseId)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM notification_emails WHERE id <> ?', '')).toBeLessThan(
      emailsBefore,
    );
    expect(
      await count('SELECT count(*) AS n FROM notifications WHERE case_id = ?', kept.caseId),
    ).toBeGreaterThan(0);
    expect(await count(emailsOf, kept.caseId)).toBeGreaterThan(0);
  });
});
