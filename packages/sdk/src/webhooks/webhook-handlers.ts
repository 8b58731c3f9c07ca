import { createWebhookVerifier, type WebhookVerifierOptions } from './verify-webhook.js';
import type { WebhookEvent } from './webhook-event.js';
import { EzhiliWebhookVerificationError } from './webhook-verification-error.js';

export interface WebhookHandlerOptions extends WebhookVerifierOptions {
  /**
   * Handles a verified event. Resolve when it is stored or done: the regulator retries until it
   * gets a 2xx, so throw (→ 500) to have the message sent again. Be idempotent by `event.id`.
   */
  onEvent(event: WebhookEvent): void | Promise<void>;
  /** Called with a verification failure (answered 400); for your logs. */
  onError?: ((error: unknown) => void) | undefined;
}

/** A Fetch API handler: `(request) => Response` (Deno, Bun, Cloudflare Workers, Next.js route handlers). */
export function fetchWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  const verify = createWebhookVerifier(options);
  return async function handleWebhook(request) {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    const body = new Uint8Array(await request.arrayBuffer());
    let event: WebhookEvent;
    try {
      event = await verify(body, request.headers);
    } catch (error) {
      options.onError?.(error);
      return refusal(error);
    }
    try {
      await options.onEvent(event);
    } catch (error) {
      options.onError?.(error);
      return new Response(null, { status: 500 });
    }
    return new Response(null, { status: 204 });
  };
}

/** A Hono handler: `app.post('/hooks/ezhili', honoWebhookHandler({ jwksUrl, onEvent }))`. */
export function honoWebhookHandler(
  options: WebhookHandlerOptions,
): (c: { req: { raw: Request } }) => Promise<Response> {
  const handle = fetchWebhookHandler(options);
  return (c) => handle(c.req.raw);
}

interface NodeRequest extends AsyncIterable<unknown> {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set by body parsers (Express): must be the raw Buffer from `express.raw()`, not parsed JSON. */
  body?: unknown;
}

interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A Node `http` / Express handler: `(req, res) => void`. Reads the raw body from the request
 * stream, or from `req.body` when `express.raw()` already read it; a body parsed to an object
 * is refused (the signed bytes are gone).
 */
export function nodeWebhookHandler(
  options: WebhookHandlerOptions,
): (req: NodeRequest, res: NodeResponse) => Promise<void> {
  const verify = createWebhookVerifier(options);
  return async function handleWebhook(req, res) {
    const send = (status: number, body?: unknown) => {
      res.statusCode = status;
      if (body !== undefined) res.setHeader('content-type', 'application/problem+json');
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method !== undefined && req.method !== 'POST') return send(405);
    let raw: unknown = req.body;
    if (raw === undefined) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of req)
        chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
      raw = concat(chunks);
    }
    let event: WebhookEvent;
    try {
      event = await verify(raw as Uint8Array, req.headers);
    } catch (error) {
      options.onError?.(error);
      const response = refusal(error);
      return send(response.status, await response.json());
    }
    try {
      await options.onEvent(event);
    } catch (error) {
      options.onError?.(error);
      return send(500);
    }
    send(204);
  };
}

function refusal(error: unknown): Response {
  const code = error instanceof EzhiliWebhookVerificationError ? error.code : 'signature_invalid';
  // Unavailable keys are our problem, not the sender's: ask for a retry.
  const status = code === 'keys_unavailable' || code === 'raw_body_required' ? 500 : 400;
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Webhook refused', status, code }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
