import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili cases overdue', () => {
  const saved = { ...process.env };
  let t: TestApp;
  let overdueCode: string;

  beforeAll(async () => {
    t = await createTestApp();
    const submit = async () =>
      (
        (await (
          await t.request('/tips', {
            json: {
              description: 'Unlicensed kitchen in a residential flat.',
              shop: { name: 'Home Kitchen', address: '9 Flat Rd' },
              districtCode: '350102',
              category: 'no_valid_licence',
              observedAt: t.clock.now().toISOString(),
            },
          })
        ).json()) as { identityCode: string }
      ).identityCode;
    // Received long ago (the CLI runs on the real clock): its 7-day acknowledgement has passed.
    t.clock.set('2020-01-01T00:00:00Z');
    overdueCode = await submit();
    t.clock.set(new Date(Date.now() + 60_000));
    await submit();
    process.env.DATA_DIR = t.dataDir;
    process.env.EZHILI_ENV = 'test';
  });
  afterAll(() => {
    process.env = { ...saved };
    t.close();
  });

  it('lists overdue cases and exits 3 so cron can alert', async () => {
    const out = captureOutput();
    const err = captureOutput();
    expect(await runCli(['cases', 'overdue'], out.stream, err.stream)).toBe(3);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(overdueCode);
    expect(lines[0]).toContain('acknowledgement');
    expect(err.text()).toContain('1 overdue case(s)');
  });
});
