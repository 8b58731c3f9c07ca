import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, type TestBrowser } from '../support/widget-browser.js';

/**
 * CI runs the suites a second time under `faketime -f '+400d'`; Chromium inherits the shifted
 * clock (LD_PRELOAD) like every child process, so the widget's times (`observedAt`) and the
 * server's agree. If a browser update stopped honouring it, this says so instead of the widget
 * tests failing on dates 400 days apart.
 */
describe.runIf(browserAvailable('browser clock'))('the browser’s clock', () => {
  let chromium: TestBrowser;
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(() => chromium?.close());

  it('agrees with the test process’s clock', async () => {
    const page = await (await chromium.newContext()).newPage();
    await page.setContent('<p>clock</p>');
    const browserNow = await page.evaluate(() => Date.now());
    expect(Math.abs(browserNow - Date.now())).toBeLessThan(60_000);
  });
});
