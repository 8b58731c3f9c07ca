/** Progress of one upload: the whole body and each evidence file, in bytes. */
export interface UploadProgress {
  loadedBytes: number;
  totalBytes: number;
  files: Array<{ loadedBytes: number; totalBytes: number }>;
}

interface PendingUpload {
  body: Blob;
  onProgress: (loadedBytes: number, totalBytes: number) => void;
}

const PROGRESS_SLICE_BYTES = 64 * 1024;

/** The header that marks a request as a registered upload; stripped before it goes out. */
export const UPLOAD_MARKER_HEADER = 'ezhili-upload-id';

/**
 * A fetch that reports upload progress for bodies registered with `register()`. The transport
 * (ky) hands its fetch a Request whose body is an opaque stream, so the upload is recognised by
 * a marker header and sent from the registered Blob: in browsers through XMLHttpRequest (the one
 * API with upload progress everywhere; streamed fetch uploads need HTTP/2 in Chromium), in Node
 * as a streamed body that counts bytes as the socket takes them. Every retry re-sends the same
 * Blob, with the same Idempotency-Key.
 */
export function createUploadProgressFetch(base: typeof globalThis.fetch | undefined) {
  const pending = new Map<string, PendingUpload>();
  const baseFetch: typeof globalThis.fetch = (input, init) => (base ?? globalThis.fetch)(input, init);

  const uploadFetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const id = request.headers.get(UPLOAD_MARKER_HEADER);
    const upload = id ? pending.get(id) : undefined;
    if (!upload) return baseFetch(input, init);
    // The Request's own copy of the body goes unused: cancel it, or ky, which cancels its retry
    // clone (a tee of the same stream) once the call settles, would wait for it forever.
    request.body?.cancel().catch(() => undefined);
    const headers = new Headers(request.headers);
    headers.delete(UPLOAD_MARKER_HEADER);
    if (typeof XMLHttpRequest !== 'undefined' && base === undefined) {
      return xhrUpload(request, headers, upload);
    }
    return streamedUpload(baseFetch, request, headers, upload);
  };

  return {
    fetch: uploadFetch,
    /** Registers a body for progress; returns the marker header and a function to forget it. */
    register(body: Blob, onProgress: PendingUpload['onProgress']) {
      const id = crypto.randomUUID();
      pending.set(id, { body, onProgress });
      return { header: { [UPLOAD_MARKER_HEADER]: id }, done: () => pending.delete(id) };
    },
  };
}

function streamedUpload(
  baseFetch: typeof globalThis.fetch,
  request: Request,
  headers: Headers,
  upload: PendingUpload,
): Promise<Response> {
  const total = upload.body.size;
  let loaded = 0;
  const reader = upload.body.stream().getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      // Hand the body on in slices so progress moves smoothly even when the Blob yields big chunks.
      for (let at = 0; at < value.byteLength; at += PROGRESS_SLICE_BYTES) {
        const slice = value.subarray(at, at + PROGRESS_SLICE_BYTES);
        controller.enqueue(slice);
        loaded += slice.byteLength;
        upload.onProgress(loaded, total);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return baseFetch(request.url, {
    method: request.method,
    headers,
    body,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit);
}

function xhrUpload(request: Request, headers: Headers, upload: PendingUpload): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    headers.forEach((value, name) => {
      // The browser sets these itself and refuses them from script.
      if (name !== 'user-agent' && name !== 'content-length') xhr.setRequestHeader(name, value);
    });
    xhr.responseType = 'arraybuffer';
    xhr.upload.onprogress = (event) => upload.onProgress(event.loaded, event.total || upload.body.size);
    const fail = () => reject(new TypeError('Network request failed'));
    xhr.onerror = fail;
    xhr.ontimeout = fail;
    xhr.onabort = () => reject(request.signal.reason ?? new DOMException('Aborted', 'AbortError'));
    request.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.onload = () => {
      const responseHeaders = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) responseHeaders.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      resolve(
        new Response(empty ? null : (xhr.response as ArrayBuffer), {
          status: xhr.status,
          headers: responseHeaders,
        }),
      );
    };
    xhr.send(upload.body);
  });
}
