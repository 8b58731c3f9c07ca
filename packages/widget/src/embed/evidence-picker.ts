import type { EvidenceFile, UploadProgress } from '@ezhili/sdk';
import { h } from './dom.js';
import { checkEvidence, claimedType, type EvidenceLimits } from './evidence-checks.js';
import { type Field, field } from './form-field.js';
import { formatBytes, type Translate } from './i18n.js';

/**
 * A labelled file input for photos and videos, checked on selection (type, size, count), listed
 * with a remove button and a progress bar each. Used by the tip form and the follow-up reply.
 */
export interface EvidencePicker {
  field: Field<HTMLInputElement>;
  /** The input's field followed by the list of chosen files. */
  elements: HTMLElement[];
  /** The chosen files, in order. */
  files(): File[];
  /** The files as the SDK uploads them (the claimed type for files the browser left untyped). */
  evidence(): EvidenceFile[];
  /** What identifies this selection, for deciding whether a retry may reuse an Idempotency-Key. */
  fingerprint(): Array<[string, number, number]>;
  /** Moves each file's progress bar. */
  showProgress(progress: UploadProgress): void;
  clear(): void;
}

export function evidencePicker(
  t: Translate,
  limits: EvidenceLimits,
  options: { label?: string } = {},
): EvidencePicker {
  const fileInput = h('input', {
    type: 'file',
    multiple: true,
    accept: limits.types.join(','),
  });
  const evidenceField = field(t, fileInput, options.label ?? t('evidence'), {
    hint: t('evidenceHint', {
      photo: formatBytes(limits.maxPhotoBytes),
      video: formatBytes(limits.maxVideoBytes),
      count: limits.maxFiles,
    }),
  });
  const fileList = h('ul', { class: 'ez-files' });
  let files: File[] = [];
  let bars: HTMLProgressElement[] = [];
  function renderFiles() {
    bars = [];
    fileList.replaceChildren(
      ...files.map((file, index) => {
        const bar = h('progress', {
          max: '100',
          value: '0',
          'aria-label': t('uploadProgress', { name: file.name }),
        });
        bars.push(bar);
        const remove = h(
          'button',
          { type: 'button', class: 'ez-link', 'aria-label': t('evidenceRemove', { name: file.name }) },
          '×',
        );
        remove.addEventListener('click', () => {
          files = files.filter((_, i) => i !== index);
          renderFiles();
          fileInput.focus();
        });
        return h(
          'li',
          {},
          h('span', { class: 'ez-file-name' }, file.name),
          h('span', { class: 'ez-muted' }, formatBytes(file.size)),
          bar,
          remove,
        );
      }),
    );
  }
  fileInput.addEventListener('change', () => {
    const { accepted, errors } = checkEvidence([...files, ...fileInput.files!], limits, t);
    files = accepted as File[];
    fileInput.value = '';
    evidenceField.setError(errors.length > 0 ? errors.join(' ') : undefined);
    renderFiles();
  });

  return {
    field: evidenceField,
    elements: [evidenceField.wrapper, fileList],
    files: () => files,
    evidence: () => files.map((file) => ({ data: file, name: file.name, type: claimedType(file) })),
    fingerprint: () => files.map((f) => [f.name, f.size, f.lastModified]),
    showProgress(progress) {
      progress.files.forEach((file, i) => {
        if (bars[i]) bars[i].value = Math.round((100 * file.loadedBytes) / Math.max(1, file.totalBytes));
      });
    },
    clear() {
      files = [];
      evidenceField.setError(undefined);
      renderFiles();
    },
  };
}
