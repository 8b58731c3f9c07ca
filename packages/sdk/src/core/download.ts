/**
 * A file as the server sends it (evidence, an export): the body is a stream, read it once (pipe
 * it to a file, or `new Response(download.body).blob()` in a browser); the SDK buffers nothing.
 */
export interface Download {
  /** The file's bytes. */
  body: ReadableStream<Uint8Array>;
  /** The media type, e.g. `image/jpeg` or `text/csv`. */
  contentType: string;
  /** The size in bytes, when the server declared it. */
  contentLength: number | undefined;
  /** The response itself (status, headers such as `X-Request-Id`). */
  response: Response;
}

export function toDownload(response: Response): Download {
  if (response.body === null) throw new TypeError('The response has no body to download.');
  const length = response.headers.get('content-length');
  return {
    body: response.body,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    contentLength: length === null ? undefined : Number(length),
    response,
  };
}

/** An evidence file: a `Download` whose metadata the server has already stripped. */
export type EvidenceDownload = Download;
