import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  browserAvailable,
  hostPage,
  launchChromium,
  makeJpeg,
  type StaticSite,
  serveStaticSite,
  type TestBrowser,
  watchUploadProgress,
} from '../support/widget-browser.js';

const PHOTO_LIMIT = 200_000;

describe.runIf(browserAvailable('widget flow tests'))('reporting through the embedded widget', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let partner: StaticSite;
  let intake: string;

  beforeAll(async () => {
    server = await startE2eServer({ EVIDENCE_MAX_PHOTO_BYTES: String(PHOTO_LIMIT) });
    browser = await launchChromium();
    partner = await serveStaticSite({
      '/report': hostPage(server.url, { locale: 'en' }),
      '/follow-up': hostPage(server.url, { locale: 'en', page: 'follow-up' }),
    });
    intake = await server.login('intake@demo.local');
  });
  afterAll(async () => {
    await browser?.close();
    await partner?.close();
    await server?.close();
  });

  async function open(path: string): Promise<{ page: Page; frame: Frame }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${partner.origin}${path}`);
    await page.waitForFunction(() =>
      (window as unknown as { widgetEvents: Array<{ type: string }> }).widgetEvents.some(
        (e) => e.type === 'ready',
      ),
    );
    return { page, frame: page.frames().find((f) => f.url().includes('/embed/'))! };
  }

  async function fillTip(frame: Frame, description: string) {
    await frame.getByLabel('What did you see?').fill(description);
    await frame.getByLabel('Shop name').fill('Golden Wok');
    await frame.getByLabel('Shop address').fill('88 Bayi Road');
    await frame.locator('select option[value="350102"]').waitFor({ state: 'attached' });
    await frame.getByLabel('District').selectOption('350102');
    await frame.getByLabel('Kind of problem').selectOption('expired_or_spoiled_ingredients');
  }

  const queue = async () =>
    (
      (await (await server.api('/cases?limit=500', { token: intake })).json()) as {
        items: Array<{ id: string; identityCode: string }>;
      }
    ).items;

  it('submits a tip with a photo, shows the code once, and follows up with the handler', async () => {
    const { page, frame } = await open('/report');
    await frame
      .getByLabel('What did you see?')
      .fill('Spoiled meat used in the fried rice, seen on Monday night.');
    // Pick a listed shop with the keyboard; its district comes along.
    await frame.locator('select option[value="350102"]').waitFor({ state: 'attached' });
    const search = frame.getByRole('combobox', { name: 'Search shops by name' });
    await search.pressSequentially('Minjiang');
    await frame.getByRole('option', { name: /Minjiang Noodle House/ }).waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await expect.poll(() => frame.locator('.ez-selected').textContent()).toContain('Minjiang Noodle House');
    expect(await frame.getByLabel('District').inputValue()).toBe('350102');
    expect(await frame.getByLabel('Shop name').isVisible()).toBe(false);
    await frame.getByLabel('Kind of problem').selectOption('expired_or_spoiled_ingredients');
    await frame.getByLabel('Photos or videos').setInputFiles({
      name: 'kitchen.jpg',
      mimeType: 'image/jpeg',
      buffer: await makeJpeg(64, 48),
    });
    const maxProgress = await watchUploadProgress(frame);
    await frame.getByRole('button', { name: 'Send report' }).click();
    await frame.getByRole('heading', { name: 'Report sent' }).waitFor({ timeout: 20_000 });
    expect(await maxProgress()).toBe(100);
    expect(await frame.locator('.ez-warning').textContent()).toContain('shown only this once');
    const identityCode = await frame.locator('.ez-identity-code').inputValue();
    const receiptSecret = await frame.locator('.ez-receipt-secret').inputValue();
    expect(identityCode).toMatch(/^[A-Z0-9]{1,6}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/);
    expect(receiptSecret.length).toBeGreaterThan(10);
    // Copy works inside the frame (the iframe is granted clipboard-write and nothing else).
    await page.context().grantPermissions(['clipboard-write'], { origin: server.url });
    await frame.getByRole('button', { name: 'Copy' }).first().click();
    await expect.poll(() => frame.locator('.ez-status').last().textContent()).toContain('Copied');
    // The download carries the code and secret, made inside the frame.
    const download = page.waitForEvent('download');
    await frame.getByRole('button', { name: 'Download receipt file' }).click();
    expect((await download).suggestedFilename()).toBe(`ezhili-${identityCode}.txt`);

    const caseId = (await queue()).find((c) => c.identityCode === identityCode)?.id;
    expect(caseId).toBeDefined();
    const staffView = JSON.stringify(await (await server.api(`/cases/${caseId}`, { token: intake })).json());
    expect(staffView).toContain('demo-1001');
    expect(staffView).toContain('image/jpeg');
    const handlerMessage = await server.api(`/cases/${caseId}/messages`, {
      token: intake,
      json: { body: 'Thank you. Which door of the kitchen did you see it from?' },
    });
    expect(handlerMessage.status).toBe(201);

    // Follow up on the separate page, as the reporter would later.
    const followUp = await open('/follow-up');
    await followUp.frame.getByLabel('Report code').fill(identityCode);
    await followUp.frame.getByLabel('Receipt secret').fill(receiptSecret);
    await followUp.frame.getByRole('button', { name: 'Check' }).click();
    await followUp.frame.getByRole('heading', { name: new RegExp(identityCode) }).waitFor();
    expect(await followUp.frame.locator('.ez-tip-status').textContent()).toBe('Received');
    expect(await followUp.frame.locator('.ez-messages').textContent()).toContain('Which door of the kitchen');
    await followUp.frame.getByLabel('Reply to the handler').fill('The back door, by the cold store.');
    await followUp.frame.getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => followUp.frame.locator('.ez-messages').textContent())
      .toContain('by the cold store');

    const thread = (await (
      await server.api('/tip/messages', {
        headers: { 'ezhili-identity-code': identityCode, 'ezhili-receipt-secret': receiptSecret },
      })
    ).json()) as { items: Array<{ from: string; body: string }> };
    expect(thread.items.map((m) => m.from)).toEqual(['handler', 'reporter']);
    await page.context().close();
    await followUp.page.context().close();
  });

  it('refuses files that are too large or of the wrong type before upload, and the server refuses them too', async () => {
    const { page, frame } = await open('/report');
    await frame.getByLabel('Photos or videos').setInputFiles([
      { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(PHOTO_LIMIT + 1, 0xff) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
    ]);
    const error = frame.locator(
      '#' + (await frame.getByLabel('Photos or videos').getAttribute('id')) + '-error',
    );
    await expect.poll(() => error.textContent()).toContain('“huge.jpg” is too large');
    expect(await error.textContent()).toContain('“notes.txt” is not a supported photo or video format');
    expect(await frame.locator('.ez-files li').count()).toBe(0);
    await page.context().close();

    // Past the form, the server sniffs the bytes: text named .jpg is refused and nothing is stored.
    const before = (await queue()).length;
    const form = new FormData();
    form.set(
      'tip',
      JSON.stringify({
        description: 'x',
        shop: { name: 'A', address: 'B' },
        districtCode: '350102',
        category: 'other',
        observedAt: new Date().toISOString(),
      }),
    );
    form.append('evidence', new Blob(['#!/bin/sh\necho hi\n'], { type: 'image/jpeg' }), 'photo.jpg');
    const refused = await server.api('/tips', { method: 'POST', body: form });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    // A real photo over the size limit is refused by the server as well.
    const oversized = Buffer.concat([await makeJpeg(), Buffer.alloc(PHOTO_LIMIT)]);
    form.set('evidence', new Blob([oversized], { type: 'image/jpeg' }), 'big.jpg');
    const tooLarge = await server.api('/tips', { method: 'POST', body: form });
    expect(tooLarge.status).toBe(413);
    expect((await queue()).length).toBe(before);
  });

  it('retries after a lost connection without creating a second tip', async () => {
    const { page, frame } = await open('/report');
    await fillTip(frame, 'Cockroaches on the prep table; the connection drops after upload.');
    await frame.getByLabel('Photos or videos').setInputFiles({
      name: 'table.jpg',
      mimeType: 'image/jpeg',
      buffer: await makeJpeg(),
    });
    const before = (await queue()).length;
    // Every upload reaches the server, which stores the tip once (later attempts replay it by
    // their Idempotency-Key), but no answer arrives: the SDK's automatic retries fail the same
    // way, then the reporter presses Retry and the connection is back.
    const ATTEMPTS_LOST = 3;
    const codes: string[] = [];
    const keys: string[] = [];
    await page.context().route('**/tips', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length <= ATTEMPTS_LOST) {
        const response = await route.fetch();
        codes.push(((await response.json()) as { identityCode: string }).identityCode);
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await frame.getByRole('button', { name: 'Send report' }).click();
    await frame.getByRole('button', { name: 'Retry' }).waitFor({ timeout: 20_000 });
    expect(await frame.getByRole('alert').textContent()).toContain('connection was lost');
    expect((await queue()).length).toBe(before + 1);

    await frame.getByRole('button', { name: 'Retry' }).click();
    await frame.getByRole('heading', { name: 'Report sent' }).waitFor({ timeout: 20_000 });
    expect(await frame.locator('.ez-identity-code').inputValue()).toBe(codes[0]);
    expect(new Set(codes).size).toBe(1);
    expect(keys).toHaveLength(ATTEMPTS_LOST + 1);
    expect(new Set(keys).size).toBe(1);
    expect((await queue()).length).toBe(before + 1);
    await page.context().close();
  });

  it('claims the reward from the follow-up page once the case closed with a confirmed violation', async () => {
    const passphrase = 'correct horse battery staple';
    const registered = await server.api('/reporter/accounts', {
      json: {
        realName: '张三',
        residentId: '11010519491231002X',
        phone: '13800138000',
        bankAccount: { bankName: '中国工商银行', accountNumber: '6222020200112233445', accountName: '张三' },
        passphrase,
      },
    });
    expect(registered.status).toBe(201);
    const submitted = await server.api('/tips', {
      json: {
        description: 'Expired milk powder used in desserts.',
        shop: { name: 'Sweet Corner', address: '3 Dongjie Road' },
        districtCode: '350102',
        category: 'expired_or_spoiled_ingredients',
        observedAt: new Date().toISOString(),
      },
    });
    expect(submitted.status).toBe(201);
    const { identityCode, receiptSecret } = (await submitted.json()) as {
      identityCode: string;
      receiptSecret: string;
    };
    const caseId = (await queue()).find((c) => c.identityCode === identityCode)!.id;
    const triaged = await server.api(`/cases/${caseId}/triage`, {
      token: intake,
      json: { decision: 'accept', classification: 'general' },
    });
    expect(triaged.status).toBe(200);
    const handler = await server.login('district@demo.local');
    for (const step of [
      { action: 'investigate' },
      { action: 'close', outcome: 'violation_confirmed', penaltyFen: 5_000_000, summary: 'Fined.' },
    ]) {
      const moved = await server.api(`/cases/${caseId}/transitions`, { token: handler, json: step });
      expect(moved.status).toBe(200);
    }

    const { page, frame } = await open('/follow-up');
    await frame.getByLabel('Report code').fill(identityCode);
    await frame.getByLabel('Receipt secret').fill(receiptSecret);
    await frame.getByRole('button', { name: 'Check' }).click();
    await frame.getByRole('heading', { name: 'Reward' }).waitFor();
    expect(await frame.locator('.ez-tip-status').textContent()).toBe('Closed');
    expect(await frame.locator('section').textContent()).toContain('can be claimed');
    await frame.getByLabel('Log in to a reporter account').check();
    await frame.getByLabel('Mobile number').fill('13800138000');
    await frame.getByLabel('Passphrase').fill(passphrase);
    await frame.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect.poll(() => frame.locator('section').textContent()).toContain('Logged in');
    await frame.getByRole('button', { name: 'Claim reward' }).click();
    await expect.poll(() => frame.locator('section').textContent()).toContain('Your reward claim was filed.');
    const view = (await (
      await server.api('/tip', {
        headers: { 'ezhili-identity-code': identityCode, 'ezhili-receipt-secret': receiptSecret },
      })
    ).json()) as { reward: { status: string } };
    expect(view.reward.status).toBe('claimed');
    await page.context().close();
  });
});
