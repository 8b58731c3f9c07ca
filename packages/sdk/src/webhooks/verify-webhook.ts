import { type RegulatorKeySource, RegulatorKeys } from './regulator-keys.js';
import type { WebhookEvent } from './webhook-event.js';
import { EzhiliWebhookVerificationError } from './webhook-verification-error.js';

/** Headers as Fetch (`Headers`), Node (`IncomingHttpHeaders`) or a plain object give them. */
export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

/** The raw body exactly as received: a string or bytes, never a parsed object. */
export type RawBody = string | Uint8Array | ArrayBuffer;

export interface WebhookVerifierOptions extends RegulatorKeySource {
  /** Largest accepted difference between `webhook-timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number | undefined;
}

const WEBHOOK_ID = /^[\x21-\x7E]{1,255}$/;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Verifies Standard Webhooks from the regulator: the asymmetric `v1a` signature (Ed25519 over
 * `<webhook-id>.<webhook-timestamp>.<raw body>`) against the regulator's JWKS, the timestamp
 * within ±300 s, and the id; then returns the typed event. Refuses an already parsed body: a
 * re-serialised object is not the signed bytes.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions) {
  const keys = new RegulatorKeys(options);
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now;

  return async function verifyWebhook(rawBody: RawBody, headers: WebhookHeaders): Promise<WebhookEvent> {
    const body = toBytes(rawBody);
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !timestamp || !signatures) {
      throw new EzhiliWebhookVerificationError(
        'missing_headers',
        'webhook-id, webhook-timestamp and webhook-signature are required.',
      );
    }
    if (!WEBHOOK_ID.test(id) || !TIMESTAMP.test(timestamp)) {
      throw new EzhiliWebhookVerificationError(
        'missing_headers',
        'webhook-id or webhook-timestamp is malformed.',
      );
    }
    if (Math.abs(Math.floor(now() / 1000) - Number(timestamp)) > tolerance) {
      throw new EzhiliWebhookVerificationError(
        'timestamp_out_of_tolerance',
        `webhook-timestamp is more than ${tolerance} s from now.`,
      );
    }
    const candidates = signatures
      .split(' ')
      .filter((entry) => entry.startsWith('v1a,'))
      .map((entry) => base64ToBytes(entry.slice(4)))
      .filter((signature): signature is Uint8Array => signature !== null && signature.length === 64);
    if (candidates.length === 0) {
      throw new EzhiliWebhookVerificationError('signature_invalid', 'No v1a signature in webhook-signature.');
    }
    const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
    const signed = new Uint8Array(prefix.length + body.length);
    signed.set(prefix);
    signed.set(body, prefix.length);

    const verifies = async (set: CryptoKey[]) => {
      for (const key of set) {
        for (const signature of candidates) {
          if (
            await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, signed)
          )
            return true;
        }
      }
      return false;
    };
    if (!(await verifies(await keys.current()))) {
      const fresh = await keys.refreshed();
      if (!fresh || !(await verifies(fresh))) {
        throw new EzhiliWebhookVerificationError(
          'signature_invalid',
          'The webhook signature does not verify.',
        );
      }
    }

    let payload: { type?: unknown; timestamp?: unknown; data?: unknown };
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as typeof payload;
    } catch (error) {
      throw new EzhiliWebhookVerificationError('invalid_payload', 'The webhook body is not JSON.', error);
    }
    if (
      typeof payload?.type !== 'string' ||
      typeof payload.timestamp !== 'string' ||
      typeof payload.data !== 'object'
    ) {
      throw new EzhiliWebhookVerificationError('invalid_payload', 'The webhook body is not an ezhili event.');
    }
    return { id, type: payload.type, timestamp: payload.timestamp, data: payload.data } as WebhookEvent;
  };
}
export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;

const verifiers = new Map<string, WebhookVerifier>();

/**
 * One-call verification with a verifier cached per JWKS URL:
 * `await verifyWebhook(rawBody, req.headers, { jwksUrl })`.
 */
export function verifyWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  options: WebhookVerifierOptions,
): Promise<WebhookEvent> {
  if (options.jwks || options.now || options.fetch) return createWebhookVerifier(options)(rawBody, headers);
  const key = `${String(options.jwksUrl)}|${options.toleranceSeconds ?? 300}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = createWebhookVerifier(options);
    verifiers.set(key, verifier);
  }
  return verifier(rawBody, headers);
}

function toBytes(rawBody: unknown): Uint8Array {
  if (typeof rawBody === 'string') return new TextEncoder().encode(rawBody);
  if (rawBody instanceof Uint8Array) return rawBody;
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  throw new EzhiliWebhookVerificationError(
    'raw_body_required',
    'Pass the raw request body (string or bytes), not a parsed object: parsing changes the signed bytes. ' +
      'With Express use express.raw({ type: "application/json" }) on the webhook route.',
  );
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(' ') : value;
}

function base64ToBytes(value: string): Uint8Array | null {
  try {
    const binary = atob(value);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
