import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartForm } from '../testing/evidence-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const fontMissing = !existsSync(FONT);
if (fontMissing && process.env.CI !== 'true') {
  console.warn(`case-file PDF test skipped: ${FONT} is missing (apt-get install fonts-noto-cjk)`);
}

/** The text of every page, as a PDF reader extracts it. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages.join('\n');
}

/** How many images the pages paint. */
async function imagesDrawn(bytes: Uint8Array): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice() }).promise;
  let count = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const ops = await (await pdf.getPage(n)).getOperatorList();
    count += ops.fnArray.filter((fn) => fn === pdfjs.OPS.paintImageXObject).length;
  }
  return count;
}

describe.skipIf(fontMissing && process.env.CI !== 'true')('exportCaseFilePdf', () => {
  let t: TestApp;
  let caseId: string;
  let identityCode: string;
  let auditor: string;

  beforeAll(async () => {
    t = await createTestApp();
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3080c0' } })
      .png()
      .toBuffer();
    const submitted = await t.request('/tips', {
      method: 'POST',
      body: multipartForm([
        [
          'tip',
          JSON.stringify({
            description: '后厨有老鼠，厨师张三丰不戴手套。',
            districtCode: '350102',
            category: 'unhygienic_kitchen',
            observedAt: t.clock.now().toISOString(),
            shop: { name: '江滨面馆', address: '江滨路3号' },
            person: undefined,
          }),
        ],
        ['evidence', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'a.png'],
      ]),
    });
    identityCode = ((await submitted.json()) as { identityCode: string }).identityCode;
    caseId = String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM cases WHERE identity_code = ?', args: [identityCode] }))
        .rows[0]!.id,
    );
    const intake = await t.login('intake@demo.local');
    await t.request(`/cases/${caseId}/text-redactions`, {
      token: intake,
      json: { target: { type: 'description' }, ranges: [{ start: 8, end: 11 }], reason: 'A cook' },
    });
    auditor = await t.login('auditor1@demo.local');
  });
  afterAll(() => t.close());

  it('streams a PDF whose text is the redacted case in Chinese, with the evidence hashes', async () => {
    const response = await t.request(`/cases/${caseId}/case-file.pdf`, { token: auditor });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain(identityCode);
    expect(text).toContain('后厨有老鼠，厨师■■■不戴手套。');
    expect(text).not.toContain('张三丰');
    expect(text).toContain('江滨面馆');
    const detail = (await (await t.request(`/cases/${caseId}`, { token: auditor })).json()) as {
      evidence: Array<{ sha256: string }>;
    };
    expect(text).toContain(detail.evidence[0]!.sha256);
    // The thumbnail is drawn as an image.
    expect(await imagesDrawn(bytes)).toBeGreaterThanOrEqual(1);
    const audit = await t.ctx.audit.list({ subjectType: 'case', subjectId: caseId });
    expect(audit.some((event) => event.action === 'case.exported')).toBe(true);
  });

  it('refuses other units and the unauthenticated', async () => {
    expect(
      (await t.request(`/cases/${caseId}/case-file.pdf`, { token: await t.login('detachment@demo.local') }))
        .status,
    ).toBe(404);
    expect(
      (await t.request(`/cases/${caseId}/case-file.pdf`, { token: await t.login('committee@demo.local') }))
        .status,
    ).toBe(403);
    expect((await t.request(`/cases/${caseId}/case-file.pdf`)).status).toBe(401);
  });

  it('answers a clear problem when the font is missing', async () => {
    const other = await createTestApp({ EXPORT_CJK_FONT: '/nonexistent/font.ttc' });
    try {
      const token = await other.login('auditor1@demo.local');
      const response = await other.request(`/cases/case_00000000000000000000000000/case-file.pdf`, { token });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { code: string }).code).toBe('export_font_missing');
    } finally {
      other.close();
    }
  });
});
