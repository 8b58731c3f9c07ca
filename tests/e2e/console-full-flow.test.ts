import { systemClock } from '@ezhili/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { navigate, signInThroughPage, watchContext } from '../support/console-browser.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  artifactPath,
  browserAvailable,
  launchChromium,
  type TestBrowser,
} from '../support/widget-browser.js';
import { distinctiveReporters, sensitiveValues, type TestReporter } from './whistleblower-fixtures.js';

/**
 * The one full flow, every staff step in the console (issue 14): a new tip arrives (the
 * reporter's side, through the API), intake triages it, the district handler investigates and
 * closes it with a penalty (typed in yuan, sent in fen), the reporter claims the reward, the
 * handler proposes it, the committee determines it, finance approves the payout, and the
 * dashboard's figures (since launch), read in the browser before and after, move accordingly.
 */

const PENALTY_YUAN = '12345.67';
const PENALTY_FEN = 1_234_567;

describe.runIf(browserAvailable('console full-flow test'))('the console’s full flow, tip to payout', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let reporter: TestReporter;
  let receipt: { identityCode: string; receiptSecret: string };
  const watchers: Array<ReturnType<typeof watchContext>> = [];
  const contexts: BrowserContext[] = [];

  async function consoleFor(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    watchers.push(watchContext(context, server.url));
    const page = await context.newPage();
    await page.goto(`${server.url}/console/login`);
    await signInThroughPage(page, email);
    return page;
  }
  const settle = (page: Page) => watchers[contexts.indexOf(page.context())]!.settle(page);

  /** Picks `option` in the antd Select labelled `label` (inside `scope`). */
  async function choose(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
  }

  /** The dashboard's figures as the page shows them (title → text), for the period since launch. */
  async function dashboardFigures(page: Page): Promise<Record<string, string>> {
    // A fresh load (the session cookie resumes it), so the figures are the server's, not a cache.
    await page.goto(`${server.url}/console/`);
    await page.getByText('自上线以来', { exact: true }).waitFor();
    const answered = page.waitForResponse((r) => r.url().includes('/metrics?since=launch'));
    await page.getByText('自上线以来', { exact: true }).click();
    expect((await answered).status()).toBe(200);
    await settle(page);
    return page
      .locator('.ant-statistic')
      .evaluateAll((nodes) =>
        Object.fromEntries(
          nodes.map((node) => [
            node.querySelector('.ant-statistic-title')?.textContent ?? '',
            node.querySelector('.ant-statistic-content')?.textContent ?? '',
          ]),
        ),
      );
  }
  const amount = (text: string | undefined) => Number((text ?? '').replace(/[^\d.]/g, ''));

  beforeAll(async () => {
    // The app's clock, in place before the demo is seeded; the test takes its times from it. It
    // is the machine's (shifted with it under faketime, like the browser's): the console reads
    // the session's absolute expiry against the browser's clock.
    server = await startE2eServer({}, {}, { clock: systemClock });
    browser = await launchChromium();
    [reporter] = distinctiveReporters() as [TestReporter];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes a new tip from intake to payout in the console, and the dashboard follows', async () => {
    // What each role's page showed when a step failed, to tell a slow page from a wrong one.
    onTestFailed(async () => {
      for (const [i, context] of contexts.entries()) {
        for (const [j, page] of context.pages().entries()) {
          await page.screenshot({ path: artifactPath(`console-flow-failed-${i}-${j}.png`), fullPage: true });
        }
      }
    });
    const dashboard = await consoleFor('admin@demo.local');
    const before = await dashboardFigures(dashboard);
    await dashboard.screenshot({ path: artifactPath('console-flow-dashboard-before.png'), fullPage: true });
    for (const title of ['收到举报', '已办结', '奖励申领', '奖励已评定', '奖励已发放', '发放金额']) {
      expect(before[title], `${title} on the dashboard`).toBeDefined();
    }

    // The reporter (an account, so the reward can be paid) submits a new tip through the API.
    const account = await server.api('/reporter/accounts', { json: reporter });
    expect(account.status).toBe(201);
    const { token } = (await account.json()) as { token: string };
    const form = new FormData();
    form.append(
      'tip',
      JSON.stringify({
        description: 'Full-flow test: raw chicken thawing on the floor next to the fryer.',
        shop: { name: 'Full Flow Fried Chicken', address: '88 Gutian Road' },
        districtCode: '350102',
        category: 'unhygienic_kitchen',
        observedAt: new Date(server.ctx.clock.now().getTime() - 3_600_000).toISOString(),
      }),
    );
    const tip = await fetch(`${server.url}/tips`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(tip.status).toBe(201);
    receipt = (await tip.json()) as typeof receipt;

    // Intake finds it in the queue by its identity code (the server's text search) and triages it.
    const intake = await consoleFor('intake@demo.local');
    await navigate(intake, '/cases');
    await settle(intake);
    await intake.getByPlaceholder('搜索编号、身份码、描述、商户').fill(receipt.identityCode);
    // The identity code's check character may be one a URL escapes (`*~$=`): compare decoded.
    const searched = intake.waitForResponse(
      (r) => new URL(r.url()).searchParams.get('q') === receipt.identityCode,
    );
    await intake.getByPlaceholder('搜索编号、身份码、描述、商户').press('Enter');
    expect((await searched).status()).toBe(200);
    await settle(intake);
    const rows = intake.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    await intake.screenshot({ path: artifactPath('console-flow-intake-queue.png'), fullPage: true });
    await rows.first().locator('a').click();
    // The queue row shows the identity code too: wait for the case page's address, not the text.
    await intake.waitForURL(/\/cases\/[^/?#]+/);
    await intake.getByText(receipt.identityCode).first().waitFor();
    const caseId = decodeURIComponent(/\/cases\/([^/?#]+)/.exec(intake.url())![1]!);
    await choose(intake, '分类', '一般');
    const triaged = intake.waitForResponse(
      (r) => r.url().includes('/triage') && r.request().method() === 'POST',
    );
    await intake.getByRole('button', { name: '提交分派' }).click();
    expect((await triaged).status()).toBe(200);
    await settle(intake);

    // The Gulou district handler investigates and closes it with a penalty typed in yuan.
    const district = await consoleFor('district@demo.local');
    await navigate(district, `/cases/${caseId}`);
    await district.getByRole('button', { name: '开始调查' }).click();
    await district.screenshot({ path: artifactPath('console-flow-district-case.png'), fullPage: true });
    const investigated = district.waitForResponse((r) => r.url().endsWith(`/cases/${caseId}/transitions`));
    await district.locator('.ant-popconfirm .ant-btn-primary').click();
    expect((await investigated).status()).toBe(200);
    await settle(district);
    await district.getByRole('tab', { name: '办结案件' }).click();
    await choose(district, '结果', '违法属实');
    await district.getByLabel('罚款金额（元）').fill(PENALTY_YUAN);
    await district.getByLabel('办结说明').fill('Kitchen inspected; raw poultry on the floor; fined.');
    const closing = district.waitForRequest(
      (r) => r.url().endsWith(`/cases/${caseId}/transitions`) && r.method() === 'POST',
    );
    await district.getByRole('button', { name: '办结案件' }).last().click();
    const sent = (await closing).postDataJSON() as { action: string; penaltyFen: number; outcome: string };
    expect(sent).toMatchObject({ action: 'close', outcome: 'violation_confirmed', penaltyFen: PENALTY_FEN });
    await settle(district);
    // Shown in yuan: the case's penalty and the closing step of its timeline.
    await expect.poll(() => district.getByText('12,345.67').count()).toBeGreaterThanOrEqual(2);
    await district.screenshot({ path: artifactPath('console-flow-case-closed.png'), fullPage: true });

    // The reporter claims the reward (their side: the receipt they hold).
    const claimed = await server.api('/rewards/claims', {
      json: {},
      headers: {
        'ezhili-identity-code': receipt.identityCode,
        'ezhili-receipt-secret': receipt.receiptSecret,
      },
    });
    expect(claimed.status).toBe(201);

    // The handler proposes it, the committee determines it, finance approves the payout.
    const openClaim = async (page: Page) => {
      await navigate(page, '/rewards');
      await settle(page);
      await page.locator('tbody tr', { hasText: receipt.identityCode }).click();
      await page.locator('.ant-drawer-open').waitFor();
      // Until the drawer has slid in (its screenshot shows the form, not a frame of the motion).
      const drawer = page
        .locator('.ant-drawer-open .ant-drawer-content-wrapper, .ant-drawer-open .ant-drawer-section')
        .first();
      await expect
        .poll(async () => {
          const first = await drawer.boundingBox();
          await page.waitForTimeout(150);
          return first !== null && first.x === (await drawer.boundingBox())?.x;
        })
        .toBe(true);
    };
    await openClaim(district);
    await choose(district, '奖励等级', '1 级');
    await district
      .getByLabel('提议理由')
      .fill('Photos and the exact place in the kitchen; confirmed on site.');
    const proposed = district.waitForResponse((r) => r.url().endsWith('/proposal'));
    await district.getByRole('button', { name: '提交奖励提议' }).click();
    expect((await proposed).status()).toBe(200);

    const committee = await consoleFor('committee@demo.local');
    await openClaim(committee);
    // The rule's amount and bounds stand beside the field; the committee takes the rule's amount.
    await committee.locator('.ant-drawer-open').getByText('规则范围').waitFor();
    const ruleYuan = await committee.getByLabel('评定金额（元）').inputValue();
    expect(Number(ruleYuan)).toBeGreaterThan(0);
    await committee.screenshot({ path: artifactPath('console-flow-committee-determine.png') });
    const determined = committee.waitForResponse((r) => r.url().endsWith('/determination'));
    await committee.getByRole('button', { name: '评定奖励金额' }).click();
    expect((await determined).status()).toBe(200);
    const rewardFen = Math.round(Number(ruleYuan) * 100);

    const finance = await consoleFor('finance@demo.local');
    await openClaim(finance);
    await finance.screenshot({ path: artifactPath('console-flow-finance-approve.png') });
    await finance.getByRole('button', { name: '批准发放' }).click();
    const approved = finance.waitForResponse((r) => r.url().endsWith('/payout-approval'));
    await finance.locator('.ant-popconfirm .ant-btn-primary').click();
    expect((await approved).status()).toBe(200);
    await settle(finance);

    // The dashboard, read again in the browser: one more tip, closure, claim, determination, payout.
    const after = await dashboardFigures(dashboard);
    await dashboard.screenshot({ path: artifactPath('console-flow-dashboard-after.png'), fullPage: true });
    for (const title of ['收到举报', '已办结', '奖励申领', '奖励已评定', '奖励已发放']) {
      expect(amount(after[title]) - amount(before[title]), title).toBe(1);
    }
    expect(Math.round((amount(after['发放金额']) - amount(before['发放金额'])) * 100)).toBe(rewardFen);
  }, 240_000);

  it('broke no CSP rule, loaded nothing from elsewhere, and never received the reporter’s identity', async () => {
    const secrets = sensitiveValues([reporter]);
    for (const watcher of watchers) {
      expect(watcher.foreign).toEqual([]);
      expect(watcher.cspViolations).toEqual([]);
      for (const body of await watcher.all()) {
        for (const secret of secrets)
          expect(body.text.includes(secret), `${secret} in ${body.url}`).toBe(false);
      }
    }
    // The watch does see a violation: markup with a style element (no nonce) is refused, reported.
    const page = await consoleFor('admin@demo.local');
    await page.evaluate(() => {
      document.head.insertAdjacentHTML('beforeend', '<style>body { outline: 1px solid red; }</style>');
    });
    const watcher = watchers.at(-1)!;
    await expect.poll(() => watcher.cspViolations.length).toBe(1);
    expect(watcher.cspViolations[0]).toContain('style-src');
  });
});
