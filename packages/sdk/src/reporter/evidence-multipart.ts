/** One evidence file to upload: a Blob (a browser File, or `fs.openAsBlob(path)` in Node) or bytes. */
export interface EvidenceFile {
  data: Blob | Uint8Array | ArrayBuffer;
  /** Used only for its extension; the server sends neutral names onwards. */
  name?: string | undefined;
  /** The claimed media type; the server sniffs the bytes regardless. */
  type?: string | undefined;
}

export interface EvidenceMultipart {
  body: Blob;
  contentType: string;
  /** Byte range of each file inside `body`, in order, for per-file progress. */
  fileRanges: Array<{ start: number; end: number }>;
}

/** Media types by file extension, for files whose type the platform does not report (HEIC, MOV). */
export const EVIDENCE_EXTENSION_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
};

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `----ezhili${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Builds the `multipart/form-data` body of `submitTip` (or of `postTipMessage`, with
 * `jsonPart: 'message'`) by hand, as one Blob: it can be sent
 * again unchanged on a retry, file-backed Blobs are streamed from disk rather than read into
 * memory, and the byte offset of each file is known, so progress of the whole body maps onto
 * each file. File names are replaced by neutral ones (`evidence-1.jpg`): a name such as
 * `IMG_zhang_san.jpg` must not travel with the evidence.
 */
export function buildEvidenceMultipart(
  json: unknown,
  files: readonly EvidenceFile[],
  jsonPart: 'tip' | 'message' = 'tip',
): EvidenceMultipart {
  const boundary = randomBoundary();
  const encoder = new TextEncoder();
  const parts: BlobPart[] = [];
  let offset = 0;
  const push = (part: Uint8Array | Blob) => {
    parts.push(part as BlobPart);
    offset += part instanceof Blob ? part.size : part.byteLength;
  };
  push(
    encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="${jsonPart}"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`,
    ),
  );
  const fileRanges: EvidenceMultipart['fileRanges'] = [];
  files.forEach((file, index) => {
    const extension = /\.([a-z0-9]{1,5})$/i.exec(file.name ?? '')?.[1]?.toLowerCase() ?? 'bin';
    const blobType = file.data instanceof Blob ? file.data.type : '';
    const type = file.type || blobType || EVIDENCE_EXTENSION_TYPES[extension] || 'application/octet-stream';
    push(
      encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="evidence-${index + 1}.${extension}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
    );
    const start = offset;
    push(file.data instanceof Blob ? file.data : new Uint8Array(file.data));
    fileRanges.push({ start, end: offset });
    push(encoder.encode('\r\n'));
  });
  push(encoder.encode(`--${boundary}--\r\n`));
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}`, fileRanges };
}

/** Bytes sent of each file, given how many bytes of the whole body have gone out. */
export function perFileLoaded(ranges: EvidenceMultipart['fileRanges'], loaded: number): number[] {
  return ranges.map(({ start, end }) => Math.min(end - start, Math.max(0, loaded - start)));
}
