import type { OperationId, operations, RequestBody } from '@ezhili/contract';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  compileContractValidators,
  type RequestValidators,
  responseValidatorsFor,
  toFieldErrors,
} from '../contract/contract-validators.js';
import { badRequest, ProblemError, validationFailed } from '../problem/problem-error.js';
import type { AppContext } from './app-context.js';
import type { AppEnv } from './app-env.js';
import { idempotency } from './idempotency.js';

type Parameters<Op extends OperationId> = operations[Op] extends { parameters: infer P } ? P : never;
type Located<Op extends OperationId, Where extends string> =
  Parameters<Op> extends Record<Where, infer Q> ? NonNullable<Q> : Record<string, never>;

/** What a handler receives, validated against the contract and typed from it. */
export interface OperationInput<Op extends OperationId> {
  body: RequestBody<Op>;
  query: Located<Op, 'query'>;
  params: Located<Op, 'path'>;
}

export type OperationHandler<Op extends OperationId> = (
  c: Context<AppEnv>,
  input: OperationInput<Op>,
) => Response | Promise<Response>;

export interface OperationOptions {
  /**
   * Middleware run before validation and idempotency, e.g. `requireStaff(...)`: who may call an
   * operation is decided before its input is judged, so a caller without the role gets 403 for any
   * body. The raw body is already read (`c.var.rawBody`) for signature checks.
   */
  before?: MiddlewareHandler<AppEnv>[];
  /** Body size limit for this operation; defaults to MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /**
   * How a POST's Idempotency-Key matches: `body` (default) compares a hash of the raw body;
   * `key` matches streamed (multipart) bodies, which are never buffered, on the key alone, and
   * JSON bodies of the same operation still by their hash.
   */
  idempotency?: 'body' | 'key' | 'off';
  /**
   * The handler streams non-JSON bodies itself (multipart uploads) and enforces its own limits:
   * the router then checks only a declared Content-Length against `maxBodyBytes`, because Hono's
   * bodyLimit buffers a chunked body in memory to count it. JSON bodies keep MAX_BODY_BYTES.
   */
  streamedBody?: boolean;
}

interface Registration {
  validators: RequestValidators;
  handler: OperationHandler<OperationId>;
  options: OperationOptions;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * Registers handlers by operationId: method and path come from the contract, so a route cannot
 * drift from it. Requests are validated before the handler runs; responses are checked against
 * the contract when `VALIDATE_RESPONSES` is on (always in tests).
 */
export class OperationRouter {
  readonly #validators = compileContractValidators();
  readonly #registrations = new Map<OperationId, Registration>();

  constructor(private readonly ctx: AppContext) {}

  handle<Op extends OperationId>(
    operationId: Op,
    handler: OperationHandler<Op>,
    options: OperationOptions = {},
  ): this {
    const validators = this.#validators.get(operationId);
    if (!validators) throw new Error(`Operation ${operationId} is not in the contract`);
    if (this.#registrations.has(operationId)) throw new Error(`Operation ${operationId} is registered twice`);
    this.#registrations.set(operationId, {
      validators,
      handler: handler as unknown as OperationHandler<OperationId>,
      options,
    });
    return this;
  }

  get registered(): OperationId[] {
    return [...this.#registrations.keys()];
  }

  /** Mounts every registered operation; static paths first so `/cases/overdue` beats `/cases/{id}`. */
  mount(app: Hono<AppEnv>): void {
    const ordered = [...this.#registrations.values()].sort(
      (a, b) =>
        paramCount(a.validators.entry.honoPath) - paramCount(b.validators.entry.honoPath) ||
        b.validators.entry.honoPath.length - a.validators.entry.honoPath.length,
    );
    for (const registration of ordered) {
      const { entry } = registration.validators;
      const chain: MiddlewareHandler<AppEnv>[] = [markOperation(entry.operationId)];
      if (registration.validators.bodyMediaTypes.length > 0 && registration.options.streamedBody) {
        chain.push(
          streamedBodyLimit(
            bufferedLimit(this.ctx.config.maxBodyBytes),
            registration.options.maxBodyBytes ?? this.ctx.config.maxBodyBytes,
          ),
        );
      } else if (registration.validators.bodyMediaTypes.length > 0) {
        chain.push(bufferedLimit(registration.options.maxBodyBytes ?? this.ctx.config.maxBodyBytes));
      }
      chain.push(
        this.#read(registration.validators, registration.options.streamedBody === true),
        ...(registration.options.before ?? []),
        this.#validate(registration.validators),
      );
      if (entry.method === 'post' && registration.options.idempotency !== 'off') {
        chain.push(
          idempotency({
            operationId: entry.operationId,
            match: registration.options.idempotency ?? 'body',
            config: this.ctx.config,
            maxBodyBytes: registration.options.maxBodyBytes ?? this.ctx.config.maxBodyBytes,
          }),
        );
      }
      const run = async (c: Context<AppEnv>) => {
        const input = c.get('input' as never) as OperationInput<OperationId>;
        const response = await registration.handler(c, input);
        return this.#checkResponse(registration.validators, response);
      };
      app.on(entry.method.toUpperCase(), [entry.honoPath], ...(chain as []), run);
    }
  }

  /**
   * Reads every body that is not streamed (JSON, NDJSON) once into `rawBody`, so signature checks
   * and idempotency fingerprints see the same bytes. Judges nothing: that is `#validate`'s job,
   * after authentication and the role check.
   */
  #read(validators: RequestValidators, streamed: boolean): MiddlewareHandler<AppEnv> {
    return async function readRequest(c, next) {
      let rawBody: string | undefined;
      if (validators.bodyMediaTypes.length > 0) {
        const body = bodyShape(c, validators);
        if ((body.isJson && validators.json) || (body.accepted && body.present && !streamed)) {
          rawBody = await c.req.text();
        }
      }
      c.set('rawBody', rawBody);
      c.set('principal', 'anonymous');
      await next();
    };
  }

  /** Validates path, query and the JSON body against the contract (400/415 problems). */
  #validate(validators: RequestValidators): MiddlewareHandler<AppEnv> {
    return async function validateRequest(c, next) {
      const params = validate(validators.path, c.req.param() as Record<string, string>, '#/path');
      const query = validate(validators.query, readQuery(c, validators.query?.arrays), '#/query');
      let body: unknown;
      if (validators.bodyMediaTypes.length > 0) {
        const shape = bodyShape(c, validators);
        if (!shape.accepted && (shape.present || validators.bodyRequired)) {
          throw new ProblemError(415, {
            code: 'unsupported_media_type',
            detail: `Send the body as ${validators.bodyMediaTypes.join(' or ')}.`,
          });
        }
        const rawBody = c.get('rawBody');
        if (shape.isJson && validators.json && rawBody !== undefined) {
          if (rawBody.trim() === '') {
            if (validators.bodyRequired)
              throw badRequest('body_required', 'A JSON request body is required.');
          } else {
            try {
              body = JSON.parse(rawBody);
            } catch {
              throw badRequest('malformed_json', 'The request body is not valid JSON.');
            }
            if (!validators.json(body)) throw validationFailed(toFieldErrors(validators.json.errors));
          }
        }
      }
      c.set('input' as never, { body, query, params } as never);
      await next();
    };
  }

  async #checkResponse(validators: RequestValidators, response: Response): Promise<Response> {
    const mode = this.ctx.config.validateResponses;
    if (!mode) return response;
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const expected = responseValidatorsFor(validators, response.status);
    const fail = (reason: string) => {
      this.ctx.logger.error('response does not match the contract', {
        route: validators.entry.operationId,
        status: response.status,
        errorName: reason,
      });
      return new ProblemError(500, {
        code: 'contract_violation',
        detail: `The server's response broke its contract (${validators.entry.operationId} ${response.status}: ${reason}).`,
      });
    };
    if (!expected) throw fail('undeclared status');
    if (expected.size === 0) return response;
    const validate = expected.get(type);
    if (!validate) {
      if (type === '' && response.body === null) return response;
      throw fail(`undeclared media type ${type || 'none'}`);
    }
    const body = await response.clone().json();
    if (!validate(body)) {
      const detail = toFieldErrors(validate.errors)
        .map((e) => `${e.pointer} ${e.detail}`)
        .join('; ');
      throw fail(detail);
    }
    return response;
  }
}

/** Names the operation on the context first, so checks outside the router know what was called. */
function markOperation(operationId: OperationId): MiddlewareHandler<AppEnv> {
  return async function routedOperation(c, next) {
    c.set('operationId', operationId);
    await next();
  };
}

const payloadTooLarge = () =>
  new ProblemError(413, {
    code: 'payload_too_large',
    detail: 'The request body is larger than this operation accepts.',
  });

function bufferedLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw payloadTooLarge();
    },
  });
}

/**
 * For operations that stream their body: JSON is still limited (and buffered) as usual; any
 * other body is only checked against its declared Content-Length, never read here.
 */
function streamedBodyLimit(
  json: MiddlewareHandler<AppEnv>,
  maxStreamBytes: number,
): MiddlewareHandler<AppEnv> {
  return async function limitStreamedBody(c, next) {
    if (JSON_TYPE.test(c.req.header('content-type') ?? '')) return json(c, next);
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxStreamBytes) throw payloadTooLarge();
    await next();
  };
}

/** Whether the request's body is JSON, of a media type the operation takes, and there at all. */
function bodyShape(c: Context<AppEnv>, validators: RequestValidators) {
  const type = c.req.header('content-type') ?? '';
  const isJson = JSON_TYPE.test(type);
  const accepted = validators.bodyMediaTypes.some((media) =>
    media === 'application/json' ? isJson : type.toLowerCase().startsWith(media),
  );
  const present = c.req.header('content-length') !== '0' && (c.req.raw.body !== null || isJson);
  return { isJson, accepted, present };
}

function paramCount(path: string): number {
  return (path.match(/:/g) ?? []).length;
}

function readQuery(c: Context<AppEnv>, arrays: Set<string> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    out[name] = arrays?.has(name) ? values : values[0];
  }
  return out;
}

function validate(
  validator: RequestValidators['query'],
  data: Record<string, unknown>,
  prefix: string,
): Record<string, unknown> {
  if (!validator) return data;
  if (!validator.validate(data)) throw validationFailed(toFieldErrors(validator.validate.errors, prefix));
  return data;
}
