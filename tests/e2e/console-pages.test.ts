import { writeFile } from 'node:fs/promises';
import type { ExifTool } from 'exiftool-vendored';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  menuKeys,
  navigate,
  seriousViolations,
  signInThroughPage,
  watchContext,
} from '../support/console-browser.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  artifactPath,
  browserAvailable,
  launchChromium,
  type TestBrowser,
} from '../support/widget-browser.js';
import {
  distinctiveReporters,
  newExifTool,
  readStrippedJpeg,
  sensitiveValues,
  type TestReporter,
  writeGeotaggedJpeg,
} from './whistleblower-fixtures.js';

const PAGE_PATHS: Record<string, string> = {
  dashboard: '/',
  cases: '/cases',
  rewards: '/rewards',
  platforms: '/platforms',
  relisting: '/relisting',
  risk: '/risk',
  audit: '/audit',
  admin: '/admin',
};

/** Each demo role and the pages of its work (the console's menu; everything else is refused). */
const ROLES: Array<{ email: string; role: string; pages: string[] }> = [
  { email: 'intake@demo.local', role: 'intake', pages: ['dashboard', 'cases', 'platforms', 'risk'] },
  {
    email: 'district@demo.local',
    role: 'district_handler',
    pages: ['dashboard', 'cases', 'rewards', 'platforms', 'relisting', 'risk'],
  },
  {
    email: 'detachment@demo.local',
    role: 'detachment_handler',
    pages: ['dashboard', 'cases', 'rewards', 'platforms', 'relisting', 'risk'],
  },
  { email: 'committee@demo.local', role: 'reward_committee', pages: ['dashboard', 'rewards'] },
  { email: 'finance@demo.local', role: 'finance', pages: ['dashboard', 'rewards'] },
  {
    email: 'auditor1@demo.local',
    role: 'auditor',
    pages: ['dashboard', 'cases', 'rewards', 'platforms', 'relisting', 'audit'],
  },
  { email: 'admin@demo.local', role: 'admin', pages: Object.keys(PAGE_PATHS) },
];

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];

describe.runIf(browserAvailable('console page tests'))('the console in a real browser, role by role', () => {
  let server: E2eServer;
  let browser: TestBrowser;
  let exiftool: ExifTool;
  let reporters: TestReporter[];
  /** A case of district 350102 with the geotagged photo, and one of another district. */
  let ownCaseId: string;
  let otherCaseId: string;
  const watchers: Array<ReturnType<typeof watchContext>> = [];
  const contexts: BrowserContext[] = [];

  async function consoleFor(email: string, viewport = VIEWPORTS[0]!): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    watchers.push(watchContext(context, server.url));
    const page = await context.newPage();
    await page.goto(`${server.url}/console/login`);
    await signInThroughPage(page, email);
    return page;
  }
  const watcherOf = (page: Page) => watchers[contexts.indexOf(page.context())]!;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchChromium();
    exiftool = newExifTool();
    const photoPath = artifactPath('console-geotagged-input.jpg');
    await writeGeotaggedJpeg(exiftool, photoPath);
    const photo = await (await import('node:fs/promises')).readFile(photoPath);

    // Reporters with distinctive personal data submit tips with a geotagged photo (the leak bait).
    reporters = distinctiveReporters();
    const identityCodes: string[] = [];
    for (const [i, reporter] of reporters.entries()) {
      const account = await server.api('/reporter/accounts', { json: reporter });
      expect(account.status).toBe(201);
      const { token } = (await account.json()) as { token: string };
      const form = new FormData();
      form.append(
        'tip',
        JSON.stringify({
          description: `Raw meat on the floor, console test ${i}.`,
          shop: { name: `Console Test Noodles ${i}`, address: `${i + 1} Wuyi Road` },
          districtCode: i === 0 ? '350102' : '350104',
          category: 'unhygienic_kitchen',
          observedAt: new Date(Date.now() - 3600_000).toISOString(),
        }),
      );
      form.append('evidence', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'IMG_0001.jpg');
      const tip = await fetch(`${server.url}/tips`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(tip.status).toBe(201);
      identityCodes.push(((await tip.json()) as { identityCode: string }).identityCode);
    }
    // Test harness only: the cases the tips became; intake accepts both (routed by district).
    const intake = await server.login('intake@demo.local');
    const ids: string[] = [];
    for (const code of identityCodes) {
      const row = (
        await server.ctx.db.execute({ sql: 'SELECT id FROM cases WHERE identity_code = ?', args: [code] })
      ).rows[0]!;
      ids.push(String(row.id));
      const triage = await server.api(`/cases/${String(row.id)}/triage`, {
        json: { decision: 'accept', classification: 'general' },
        token: intake,
      });
      expect(triage.status).toBe(200);
    }
    [ownCaseId, otherCaseId] = ids as [string, string];
  });

  afterAll(async () => {
    await browser?.close();
    await exiftool?.end();
    await server?.close();
  });

  it('shows each role the pages of its work and refuses the others, by menu and by URL', async () => {
    for (const { email, pages } of ROLES) {
      const page = await consoleFor(email);
      expect(await menuKeys(page), email).toEqual(pages);
      for (const key of Object.keys(PAGE_PATHS)) {
        await navigate(page, PAGE_PATHS[key]!);
        await watcherOf(page).settle(page);
        const refused = await page.locator('.ant-result-403').count();
        expect(refused, `${email} on ${key}`).toBe(pages.includes(key) ? 0 : 1);
        if (pages.includes(key)) {
          const violations = await seriousViolations(page);
          expect(
            violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ')})`),
            `${email} ${key}`,
          ).toEqual([]);
        }
      }
      await page.context().close();
    }
  }, 300_000);

  it('lets a district handler open a case of their district, shows the stripped photo, and not another district’s case even by URL', async () => {
    const page = await consoleFor('district@demo.local');
    // The bytes the page receives for the evidence, exactly as the server sent them.
    let bytes: Buffer = Buffer.alloc(0);
    await page.route(`**/cases/${ownCaseId}/evidence/**`, async (route) => {
      const response = await route.fetch();
      bytes = await response.body();
      await route.fulfill({ response, body: bytes });
    });
    await navigate(page, `/cases/${ownCaseId}`);
    // The photo is on screen, from the bytes received (a blob: URL of them).
    await page.locator('img[src^="blob:"]').first().waitFor();
    expect(bytes.length).toBeGreaterThan(100);
    const shown = artifactPath('console-evidence-shown.jpg');
    await writeFile(shown, bytes);
    await readStrippedJpeg(exiftool, shown);
    // The hash shown beside it is the hash of those bytes.
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await expect.poll(() => page.getByText(hash).count()).toBeGreaterThan(0);

    // Another district's case: refused in the page and by the server.
    const answered = page.waitForResponse((r) => r.url().endsWith(`/cases/${otherCaseId}`));
    await navigate(page, `/cases/${otherCaseId}`);
    expect((await answered).status()).toBe(404);
    await expect.poll(() => page.locator('.ant-result-404').count()).toBe(1);
    // By URL, in a fresh tab: the sign-in leads back to the case, which stays refused.
    const direct = await page.context().newPage();
    await direct.goto(`${server.url}/console/cases/${otherCaseId}`);
    await direct.waitForSelector('input[autocomplete=username], .ant-result');
    if (await direct.locator('input[autocomplete=username]').count())
      await signInThroughPage(direct, 'district@demo.local');
    await expect.poll(() => direct.locator('.ant-result-404').count()).toBe(1);
    expect(direct.url()).toContain(otherCaseId);
    await page.context().close();
  });

  it('screenshots every page at 1440 and 1024 px in both locales, with no serious accessibility violation', async () => {
    const login = await browser.newContext({ viewport: VIEWPORTS[0] });
    contexts.push(login);
    watchers.push(watchContext(login, server.url));
    const loginPage = await login.newPage();
    await loginPage.goto(`${server.url}/console/login`);
    await loginPage.waitForSelector('input[autocomplete=username]');
    for (const locale of ['zh', 'en']) {
      if (locale === 'en') await loginPage.getByRole('button', { name: /English/ }).click();
      for (const viewport of VIEWPORTS) {
        await loginPage.setViewportSize(viewport);
        await loginPage.screenshot({
          path: artifactPath(`console-login-${locale}-${viewport.width}.png`),
          fullPage: true,
        });
      }
      expect(await seriousViolations(loginPage)).toEqual([]);
    }

    const page = await consoleFor('admin@demo.local');
    const platformId = 'demo';
    const shots = { ...PAGE_PATHS, case: `/cases/${ownCaseId}`, platform: `/platforms/${platformId}` };
    for (const locale of ['zh', 'en']) {
      if (locale === 'en') await page.locator('header button[lang]').click();
      for (const [name, path] of Object.entries(shots)) {
        await navigate(page, path);
        await watcherOf(page).settle(page);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await page.screenshot({
            path: artifactPath(`console-${name}-${locale}-${viewport.width}.png`),
            fullPage: true,
          });
        }
        await page.setViewportSize(VIEWPORTS[0]!);
        const violations = await seriousViolations(page);
        expect(
          violations.map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ')})`),
          `${name} ${locale}`,
        ).toEqual([]);
      }
    }
    await page.context().close();
  }, 300_000);

  it('never received a reporter’s identity in any document or API response, loaded nothing from elsewhere, and broke no CSP rule on any page', async () => {
    const secrets = sensitiveValues(reporters);
    let responses = 0;
    for (const watcher of watchers) {
      expect(watcher.foreign).toEqual([]);
      expect(watcher.cspViolations, 'Content-Security-Policy violations').toEqual([]);
      for (const body of await watcher.all()) {
        responses++;
        for (const secret of secrets) {
          expect(body.text.includes(secret), `${secret} in ${body.url}`).toBe(false);
        }
      }
    }
    // The watch saw the console's traffic: documents, API answers and the evidence itself.
    expect(responses).toBeGreaterThan(50);
    const urls = watchers.flatMap((w) => w.bodies.map((b) => b.url));
    expect(urls.some((url) => url.includes(`/cases/${ownCaseId}/evidence/`))).toBe(true);
  });
});
