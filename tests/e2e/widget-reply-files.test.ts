import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExifTool } from 'exiftool-vendored';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import {
  browserAvailable,
  hostPage,
  launchChromium,
  type StaticSite,
  serveStaticSite,
  type TestBrowser,
  watchUploadProgress,
} from '../support/widget-browser.js';
import { newExifTool, PHOTO_DEVICE, readStrippedJpeg, writeGeotaggedJpeg } from './whistleblower-fixtures.js';

const PHOTO_LIMIT = 200_000;

interface CaseMessage {
  from: string;
  body: string;
  attachments: Array<{ evidenceId: string; kind: string; contentType: string; size: number; sha256: string }>;
}

/**
 * Issue 7, point 3: on the follow-up page the reporter replies with text and a photo; the
 * handler gets the photo as evidence of the case, stripped of its GPS and device metadata.
 */
describe.runIf(browserAvailable('widget reply-with-files tests'))(
  'replying with files on the follow-up page',
  () => {
    let server: E2eServer;
    let browser: TestBrowser;
    let partner: StaticSite;
    let exiftool: ExifTool;
    let work: string;
    let photo: Buffer;
    let handler: string;
    let receipt: { identityCode: string; receiptSecret: string };
    let caseId: string;

    beforeAll(async () => {
      server = await startE2eServer({ EVIDENCE_MAX_PHOTO_BYTES: String(PHOTO_LIMIT) });
      browser = await launchChromium();
      partner = await serveStaticSite({
        '/follow-up': hostPage(server.url, { locale: 'en', page: 'follow-up' }),
        '/follow-up-zh': hostPage(server.url, { locale: 'zh-CN', page: 'follow-up' }),
      });
      exiftool = newExifTool();
      work = await mkdtemp(join(tmpdir(), 'ezhili-reply-files-'));
      const path = join(work, 'geotagged.jpg');
      await writeGeotaggedJpeg(exiftool, path);
      photo = await readFile(path);
      // Positive control: the photo really carries the metadata that must not reach staff.
      const tags = (await exiftool.read(path)) as Record<string, unknown>;
      expect(tags.GPSLatitude).toBeDefined();
      expect(tags.Make).toBe(PHOTO_DEVICE.make);

      const submitted = await server.api('/tips', {
        json: {
          description: 'Cooked rice left out overnight and served the next day.',
          shop: { name: 'Golden Wok', address: '88 Bayi Road' },
          districtCode: '350102',
          category: 'expired_or_spoiled_ingredients',
          observedAt: new Date(Date.now() - 3600_000).toISOString(),
        },
      });
      expect(submitted.status).toBe(201);
      receipt = (await submitted.json()) as typeof receipt;
      caseId = String(
        (
          await server.ctx.db.execute({
            sql: 'SELECT id FROM cases WHERE identity_code = ?',
            args: [receipt.identityCode],
          })
        ).rows[0]!.id,
      );
      const triaged = await server.api(`/cases/${caseId}/triage`, {
        token: await server.login('intake@demo.local'),
        json: { decision: 'accept', classification: 'general' },
      });
      expect(triaged.status).toBe(200);
      handler = await server.login('district@demo.local');
      const asked = await server.api(`/cases/${caseId}/messages`, {
        token: handler,
        json: { body: 'Can you send a photo of where the rice is kept?' },
      });
      expect(asked.status).toBe(201);
    }, 60_000);

    afterAll(async () => {
      await exiftool?.end();
      await browser?.close();
      await partner?.close();
      await server?.close();
    });

    async function lookUp(
      path: string,
      labels: { code: string; secret: string; check: string },
    ): Promise<{ page: Page; frame: Frame }> {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${partner.origin}${path}`);
      await page.waitForFunction(() =>
        (window as unknown as { widgetEvents: Array<{ type: string }> }).widgetEvents.some(
          (e) => e.type === 'ready',
        ),
      );
      const frame = page.frames().find((f) => f.url().includes('/embed/'))!;
      await frame.getByLabel(labels.code).fill(receipt.identityCode);
      await frame.getByLabel(labels.secret).fill(receipt.receiptSecret);
      await frame.getByRole('button', { name: labels.check }).click();
      await frame.getByRole('heading', { name: new RegExp(receipt.identityCode) }).waitFor();
      return { page, frame };
    }

    it('replies with a photo; the handler downloads it without GPS or device metadata', async () => {
      const { page, frame } = await lookUp('/follow-up', {
        code: 'Report code',
        secret: 'Receipt secret',
        check: 'Check',
      });
      expect(await frame.locator('.ez-messages').textContent()).toContain('where the rice is kept');
      const files = frame.getByLabel('Attach photos or videos');

      // The same client-side checks as the tip form: a wrong type is refused before upload.
      await files.setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('not a photo'),
      });
      const error = frame.locator(`#${await files.getAttribute('id')}-error`);
      await expect
        .poll(() => error.textContent())
        .toContain('“notes.txt” is not a supported photo or video format');
      expect(await frame.locator('.ez-files li').count()).toBe(0);

      await files.setInputFiles({ name: 'IMG_rice_store.jpg', mimeType: 'image/jpeg', buffer: photo });
      expect(await frame.locator('.ez-files li').count()).toBe(1);
      expect(await error.isHidden()).toBe(true);
      const maxProgress = await watchUploadProgress(frame);
      await frame.getByLabel('Reply to the handler').fill('Here it is: the pot by the back door.');
      await frame.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => frame.locator('.ez-messages').textContent()).toContain('by the back door');
      expect(await frame.locator('.ez-messages').textContent()).toContain('1 attached: photo');
      expect(await maxProgress()).toBe(100);
      // The sent files are cleared from the form.
      expect(await frame.locator('.ez-files li').count()).toBe(0);
      await page.context().close();

      // The reporter's list: kind and size, no name.
      const thread = (await (
        await server.api('/tip/messages', {
          headers: {
            'ezhili-identity-code': receipt.identityCode,
            'ezhili-receipt-secret': receipt.receiptSecret,
          },
        })
      ).json()) as { items: Array<{ from: string; attachments: unknown[] }> };
      expect(thread.items.map((m) => m.from)).toEqual(['handler', 'reporter']);
      expect(thread.items[1]!.attachments).toEqual([{ kind: 'photo', size: expect.any(Number) }]);
      expect(JSON.stringify(thread)).not.toContain('IMG_rice_store');

      // The handler sees the attachment on the case and downloads it.
      const detail = (await (await server.api(`/cases/${caseId}`, { token: handler })).json()) as {
        evidence: Array<{ id: string }>;
        messages: CaseMessage[];
      };
      const reply = detail.messages.find((m) => m.from === 'reporter')!;
      expect(reply.attachments).toHaveLength(1);
      const [attachment] = reply.attachments;
      expect(attachment).toMatchObject({ kind: 'photo', contentType: 'image/jpeg' });
      expect(detail.evidence.map((file) => file.id)).toContain(attachment!.evidenceId);
      expect(JSON.stringify(detail)).not.toContain('IMG_rice_store');

      const download = await server.api(`/cases/${caseId}/evidence/${attachment!.evidenceId}`, {
        token: handler,
      });
      expect(download.status).toBe(200);
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(attachment!.sha256);
      const path = join(work, 'downloaded.jpg');
      await writeFile(path, bytes);
      await readStrippedJpeg(exiftool, path);
    });

    it('offers the file input in Chinese (the default locale) too, and lists the reply above', async () => {
      const { page, frame } = await lookUp('/follow-up-zh', {
        code: '举报编号',
        secret: '回执密码',
        check: '查询',
      });
      expect(await frame.getByLabel('附上照片或视频').getAttribute('type')).toBe('file');
      expect(await frame.locator('.ez-messages').textContent()).toContain('1 个附件：照片');
      await page.context().close();
    });
  },
);
