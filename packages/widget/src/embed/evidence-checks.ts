import { EVIDENCE_EXTENSION_TYPES } from '@ezhili/sdk';
import { formatBytes, type Translate } from './i18n.js';

/** The evidence limits the server announces in the page (`data-limits`); the server checks again. */
export interface EvidenceLimits {
  maxPhotoBytes: number;
  maxVideoBytes: number;
  maxFiles: number;
  /** Accepted media types, e.g. `image/jpeg`. */
  types: string[];
}

/** The size limit for one file, by its claimed kind. */
export function maxBytesFor(type: string, limits: EvidenceLimits): number {
  return type.startsWith('video/') ? limits.maxVideoBytes : limits.maxPhotoBytes;
}

export interface CandidateFile {
  name: string;
  size: number;
  type: string;
}

/** The media type the file claims, from the browser or its extension. */
export function claimedType(file: CandidateFile): string {
  if (file.type) return file.type.toLowerCase();
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EVIDENCE_EXTENSION_TYPES[extension] ?? '';
}

/**
 * Checks files before upload and returns one message per refused file (plus count and total
 * problems). Only a first line of defence: the server sniffs the bytes and enforces the same
 * limits.
 */
export function checkEvidence(
  files: readonly CandidateFile[],
  limits: EvidenceLimits,
  t: Translate,
): { accepted: CandidateFile[]; errors: string[] } {
  const accepted: CandidateFile[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const name = file.name.length > 60 ? `${file.name.slice(0, 57)}…` : file.name;
    const type = claimedType(file);
    const max = maxBytesFor(type, limits);
    if (!limits.types.includes(type)) {
      errors.push(t('evidenceWrongType', { name }));
    } else if (file.size === 0) {
      errors.push(t('evidenceEmpty', { name }));
    } else if (file.size > max) {
      errors.push(t('evidenceTooLarge', { name, size: formatBytes(file.size), max: formatBytes(max) }));
    } else if (accepted.length >= limits.maxFiles) {
      errors.push(t('evidenceTooMany', { count: limits.maxFiles }));
      break;
    } else {
      accepted.push(file);
    }
  }
  return { accepted, errors };
}
