import { fileTypeFromFile } from 'file-type';

export type EvidenceKind = 'photo' | 'video';

/**
 * The evidence formats accepted, by the media type `file-type` sniffs from the bytes (never
 * the file name or the declared type). Everything else, an executable named `.jpg` included,
 * is refused.
 */
const ACCEPTED: Record<string, { kind: EvidenceKind; extension: string }> = {
  'image/jpeg': { kind: 'photo', extension: 'jpg' },
  'image/png': { kind: 'photo', extension: 'png' },
  'image/webp': { kind: 'photo', extension: 'webp' },
  'image/heic': { kind: 'photo', extension: 'heic' },
  'image/heif': { kind: 'photo', extension: 'heif' },
  'video/mp4': { kind: 'video', extension: 'mp4' },
  'video/quicktime': { kind: 'video', extension: 'mov' },
};

export const ACCEPTED_EVIDENCE_TYPES = Object.keys(ACCEPTED);

export interface SniffedEvidenceType {
  contentType: string;
  kind: EvidenceKind;
  extension: string;
}

/** The accepted type of the file's bytes, or undefined. */
export async function sniffEvidenceType(path: string): Promise<SniffedEvidenceType | undefined> {
  const detected = await fileTypeFromFile(path);
  const accepted = detected ? ACCEPTED[detected.mime] : undefined;
  return detected && accepted ? { contentType: detected.mime, ...accepted } : undefined;
}
