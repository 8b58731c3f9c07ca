import { type OpenApiDocument, type OperationId, openapiDocument } from '@ezhili/contract';
import { _, Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../problem/problem-error.js';
import { escapePointer, indexOperations, type OperationEntry, resolveRef } from './operation-index.js';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const DOC_ID = 'openapi';

interface ParameterValidator {
  validate: ValidateFunction;
  arrays: Set<string>;
}

export interface RequestValidators {
  entry: OperationEntry;
  /** Media types the request body may have (empty when the operation takes no body). */
  bodyMediaTypes: string[];
  bodyRequired: boolean;
  json: ValidateFunction | undefined;
  query: ParameterValidator | undefined;
  path: ParameterValidator | undefined;
  /** Response validators by status key (`200`, `4XX`, `default`) and media type. */
  responses: Map<string, Map<string, ValidateFunction>>;
}

function createAjv(coerce: boolean, document: OpenApiDocument): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    // NaN and ±Infinity (`?version=Infinity`, `1e400` in JSON) are not numbers the database stores.
    strictNumbers: true,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
    validateSchema: false,
  });
  addFormats(ajv);
  // Coercion turns the query string "Infinity" into a number after the type check, and then
  // skips numeric keywords for it, so a keyword of our own checks the coerced value.
  ajv.addKeyword({
    keyword: FINITE,
    schemaType: 'boolean',
    error: { message: 'must be a finite number' },
    code(cxt) {
      cxt.fail(_`typeof ${cxt.data} == "number" && !isFinite(${cxt.data})`);
    },
  });
  ajv.addSchema(storableNumbers(document) as object, DOC_ID);
  return ajv;
}

const FINITE = 'x-ezhili-finite';
const bounded = new WeakMap<OpenApiDocument, OpenApiDocument>();

/**
 * The contract with every integer schema bounded to what JavaScript and SQLite both hold exactly
 * (±2^53−1) where it declares no tighter bound, so `1e300` or `99999999999999999999` is a 400,
 * never a rounded value or a driver error, and every number schema finite. The contract itself
 * stays as written.
 */
export function storableNumbers(document: OpenApiDocument): OpenApiDocument {
  let copy = bounded.get(document);
  if (!copy) {
    copy = boundIntegers(structuredClone(document)) as OpenApiDocument;
    bounded.set(document, copy);
  }
  return copy;
}

function boundIntegers(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (const item of node) boundIntegers(item);
  } else if (node !== null && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    const type = schema.type;
    const types = Array.isArray(type) ? type : [type];
    if (types.includes('integer') || types.includes('number')) schema[FINITE] = true;
    if (types.includes('integer')) {
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
        schema.maximum = Number.MAX_SAFE_INTEGER;
      if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
        schema.minimum = Number.MIN_SAFE_INTEGER;
    }
    for (const value of Object.values(schema)) boundIntegers(value);
  }
  return node;
}

const refTo = (pointer: string) => ({ $ref: `${DOC_ID}#${pointer}` });

/**
 * Compiles, once, every validator the router needs from the contract: request bodies, path and
 * query parameters, and response bodies (for the contract-conformance check).
 */
export function compileContractValidators(
  document: OpenApiDocument = openapiDocument,
): Map<OperationId, RequestValidators> {
  const strict = createAjv(false, document);
  const coercing = createAjv(true, document);
  const result = new Map<OperationId, RequestValidators>();

  for (const entry of indexOperations(document).values()) {
    const op = entry.operation;
    const body = op.requestBody
      ? resolveRef(document, op.requestBody, `${entry.pointer}/requestBody`)
      : undefined;
    const content = (body?.value.content ?? {}) as Record<string, { schema?: unknown }>;
    const jsonType = Object.keys(content).find((type) => type === 'application/json');

    const parameters = [
      ...(((document.paths[entry.path] as Record<string, unknown>).parameters as unknown[]) ?? []).map(
        (p, i) => resolveRef(document, p, `/paths/${escapePointer(entry.path)}/parameters/${i}`),
      ),
      ...((op.parameters as unknown[]) ?? []).map((p, i) =>
        resolveRef(document, p, `${entry.pointer}/parameters/${i}`),
      ),
    ];
    const parameterValidator = (location: 'query' | 'path'): ParameterValidator | undefined => {
      const inLocation = parameters.filter((p) => p.value.in === location);
      if (inLocation.length === 0) return undefined;
      const arrays = new Set<string>();
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const p of inLocation) {
        const name = String(p.value.name);
        properties[name] = refTo(`${p.pointer}/schema`);
        if ((p.value.schema as { type?: string } | undefined)?.type === 'array') arrays.add(name);
        if (p.value.required) required.push(name);
      }
      return {
        validate: coercing.compile({ type: 'object', properties, required, additionalProperties: true }),
        arrays,
      };
    };

    const responses = new Map<string, Map<string, ValidateFunction>>();
    for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, unknown>)) {
      const resolved = resolveRef(document, response, `${entry.pointer}/responses/${escapePointer(status)}`);
      const byType = new Map<string, ValidateFunction>();
      for (const [type, media] of Object.entries(
        (resolved.value.content ?? {}) as Record<string, { schema?: unknown }>,
      )) {
        // JSON bodies only: NDJSON and other text bodies (exports) are streams, not one document.
        if (media.schema && /^application\/(.+\+)?json$/.test(type)) {
          byType.set(
            type,
            strict.compile(refTo(`${resolved.pointer}/content/${escapePointer(type)}/schema`)),
          );
        }
      }
      responses.set(status, byType);
    }

    result.set(entry.operationId, {
      entry,
      bodyMediaTypes: Object.keys(content),
      bodyRequired: Boolean(body?.value.required),
      json: jsonType
        ? strict.compile(refTo(`${body!.pointer}/content/${escapePointer(jsonType)}/schema`))
        : undefined,
      query: parameterValidator('query'),
      path: parameterValidator('path'),
      responses,
    });
  }
  return result;
}

/** Ajv errors as problem field errors. Values are never echoed: they may be personal data. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = '#'): FieldError[] {
  return (errors ?? []).map((error) => {
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    const pointer = `${prefix}${error.instancePath}${missing ? `/${missing}` : extra ? `/${extra}` : ''}`;
    const detail = extra ? `unknown property "${extra}"` : (error.message ?? 'is invalid');
    return { pointer, detail };
  });
}

/** Picks the response validators for a status: exact, then `4XX`-style range, then `default`. */
export function responseValidatorsFor(validators: RequestValidators, status: number) {
  return (
    validators.responses.get(String(status)) ??
    validators.responses.get(`${String(status)[0]}XX`) ??
    validators.responses.get('default')
  );
}

/**
 * A validator for one named schema of the contract (`components.schemas`), for bodies the router
 * does not parse itself, e.g. the JSON part of a streamed multipart upload.
 */
export function compileSchemaValidator(
  schemaName: string,
  document: OpenApiDocument = openapiDocument,
): ValidateFunction {
  return createAjv(false, document).compile(refTo(`/components/schemas/${escapePointer(schemaName)}`));
}
