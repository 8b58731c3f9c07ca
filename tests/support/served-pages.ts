import { openapiDocument } from '@ezhili/contract';
import type { Page } from 'playwright-core';

/**
 * Every page the server serves to browsers. Each must work air-gapped: nothing loaded from another
 * origin, a CSP without third-party sources. `e2e/served-pages-offline.test.ts` opens each one in
 * Chromium with every request to another origin blocked and waits for `rendered`. A new page (the
 * console, the transparency page, …) is added here.
 */
export interface ServedPage {
  path: string;
  /** Resolves once the page shows what it is for; throws (or times out) otherwise. */
  rendered(page: Page): Promise<void>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The contract's operationIds: the reference must show every one. */
export function contractOperationIds(): string[] {
  const paths = (openapiDocument as { paths: Record<string, Record<string, { operationId?: string }>> })
    .paths;
  return Object.values(paths).flatMap((item) =>
    Object.entries(item).flatMap(([method, operation]) =>
      HTTP_METHODS.includes(method) && operation.operationId ? [operation.operationId] : [],
    ),
  );
}

export const SERVED_PAGES: ServedPage[] = [
  {
    path: '/docs',
    async rendered(page) {
      const ids = page.locator('.opblock-summary-operation-id');
      await ids.first().waitFor();
      // An operation with two tags is listed under both; every operationId must be there.
      const shown = new Set((await ids.allTextContents()).map((id) => id.trim()));
      const missing = contractOperationIds().filter((id) => !shown.has(id));
      if (missing.length > 0) throw new Error(`/docs does not show ${missing.join(', ')}`);
    },
  },
  {
    path: '/embed/tip?partner=demo',
    async rendered(page) {
      await page.locator('#ezhili-app h1').waitFor();
      await page.locator('select option[value="350102"]').waitFor({ state: 'attached' });
    },
  },
  {
    path: '/embed/follow-up?partner=demo',
    async rendered(page) {
      await page.locator('#ezhili-app h1').waitFor();
    },
  },
  {
    // The regulators' console: its sign-in page, with antd's styles under the per-response nonce.
    path: '/console/',
    async rendered(page) {
      await page.locator('input[type="password"]').waitFor();
      await page.locator('button[type="submit"]').waitFor();
    },
  },
  {
    path: '/transparency',
    async rendered(page) {
      await page.locator('h1').waitFor();
    },
  },
];
