import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Schema } from '@ezhili/contract';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { readAll } from '../evidence/evidence-blobs.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import { ProblemError } from '../problem/problem-error.js';
import type { ExportSettings } from './export-settings.js';

type CaseDetail = Schema<'CaseDetail'>;

const FONT = 'cjk';

/** Refuses before anything is streamed when the CJK font is not where the setting says. */
export function checkExportFont(settings: ExportSettings): void {
  if (!existsSync(settings.cjkFontPath)) {
    throw new ProblemError(503, {
      code: 'export_font_missing',
      detail: 'The CJK font for exports is missing (EXPORT_CJK_FONT); install fonts-noto-cjk.',
    });
  }
}

/** A photo as a small JPEG for the PDF (of the version everyone receives: stripped or redacted). */
async function thumbnail(evidence: EvidenceService, evidenceId: string): Promise<Buffer | undefined> {
  try {
    const file = await evidence.open(evidenceId);
    return await sharp(await readAll(file.stream))
      .rotate()
      .resize(240, 240, { fit: 'inside' })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    return undefined;
  }
}

/**
 * Writes the case file as a PDF stream. The caller has checked access; the returned stream is
 * filled section by section, yielding to the event loop between sections and rows, so a long
 * case file does not hold up other requests. Carries the identity code, never the reporter.
 */
export function renderCaseFilePdf(
  detail: CaseDetail,
  evidence: EvidenceService,
  settings: ExportSettings,
  generatedAt: string,
): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Case file ${detail.identityCode}` },
  });
  doc.registerFont(FONT, settings.cjkFontPath, settings.cjkFontName);
  doc.font(FONT);
  const heading = (text: string) => doc.moveDown().fontSize(13).text(text).fontSize(10);
  const line = (label: string, value: unknown) => doc.text(`${label}: ${value ?? '—'}`);

  void (async () => {
    doc.fontSize(18).text(`案件卷宗 Case file ${detail.identityCode}`);
    doc.fontSize(9).text(`Generated ${generatedAt} · case ${detail.id}`).fontSize(10);
    heading('概况 Summary');
    line('State', detail.state);
    line('Received', detail.receivedAt);
    line('Unit', detail.assignedUnit);
    line('Shop', `${detail.shop.name ?? ''} ${detail.shop.address ?? ''} (${detail.shop.districtCode})`);
    line('Outcome', detail.outcome);
    line('Penalty (fen)', detail.penaltyFen);
    line('Closing summary', detail.closingSummary);
    heading('举报内容 Description');
    doc.text(detail.description);
    heading('时间线 Timeline and decisions');
    for (const transition of detail.transitions) {
      doc.text(
        `${transition.at}  ${transition.action}  ${transition.fromState ?? ''} → ${transition.toState}  (${transition.actor})`,
      );
      await yieldToLoop();
    }
    heading('内部备注 Notes');
    for (const note of detail.notes) {
      doc.text(`${note.createdAt}  ${note.body}`);
      await yieldToLoop();
    }
    heading('沟通记录 Messages');
    for (const message of detail.messages) {
      doc.text(`${message.sentAt}  ${message.from}: ${message.body}`);
      await yieldToLoop();
    }
    heading('证据 Evidence');
    for (const file of detail.evidence) {
      doc.text(`${file.id}  ${file.contentType}  ${file.size} bytes${file.redaction ? '  (redacted)' : ''}`);
      doc.fontSize(8).text(`SHA-256 ${file.sha256}`).fontSize(10);
      if (file.contentType.startsWith('image/')) {
        const thumb = await thumbnail(evidence, file.id);
        if (thumb) {
          if (doc.y > doc.page.height - 300) doc.addPage();
          doc.image(thumb, { fit: [240, 240] });
          doc.moveDown();
        }
      }
      await yieldToLoop();
    }
    doc.end();
  })().catch((error: Error) => doc.destroy(error));
  return doc as unknown as Readable;
}
