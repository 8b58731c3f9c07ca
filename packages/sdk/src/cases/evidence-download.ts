/**
 * An evidence file as the server sends it: the body is a stream, read it once (pipe it to a
 * file, or `new Response(download.body).blob()` in a browser); nothing is buffered by the SDK.
 */
export interface EvidenceDownload {
  /** The file's bytes, metadata already stripped by the server. */
  body: ReadableStream<Uint8Array>;
  /** The sniffed media type, e.g. `image/jpeg`. */
  contentType: string;
  /** The size in bytes, when the server declared it. */
  contentLength: number | undefined;
  /** The response itself (status, headers such as `X-Request-Id`). */
  response: Response;
}

export function toEvidenceDownload(response: Response): EvidenceDownload {
  if (response.body === null) throw new TypeError('The evidence response has no body.');
  const length = response.headers.get('content-length');
  return {
    body: response.body,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    contentLength: length === null ? undefined : Number(length),
    response,
  };
}
