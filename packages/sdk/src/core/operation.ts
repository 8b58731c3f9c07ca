import type { OperationId, operations, paths, RequestBody, SuccessBody } from '@ezhili/contract';

export type { RequestBody };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The contract's path template (e.g. `/cases/{caseId}`) at which `method` runs operation `Op`. */
export type PathOf<Op extends OperationId, M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in Lowercase<M>]: operations[Op] } ? P : never;
}[keyof paths];

type Parameters<Op extends OperationId, In extends 'path' | 'query' | 'header'> = NonNullable<
  operations[Op]['parameters'][In]
>;

/** Path parameters of an operation (`never` when it has none). */
export type PathParams<Op extends OperationId> = Parameters<Op, 'path'>;
/** Query parameters of an operation (`never` when it has none). */
export type QueryParams<Op extends OperationId> = Parameters<Op, 'query'>;

/**
 * One operation of the contract: its id, method and path template. The path is checked
 * against the contract at compile time, so a typo or a method/path mismatch does not build.
 */
export interface Operation<Op extends OperationId = OperationId> {
  readonly operationId: Op;
  readonly method: HttpMethod;
  readonly path: string;
}

export function operation<Op extends OperationId, M extends HttpMethod>(
  operationId: Op,
  method: M,
  path: PathOf<Op, M>,
): Operation<Op> {
  return { operationId, method, path: path as string };
}

/** The inputs of one call of `Op`; each member is accepted only when the contract has it. */
export interface CallInput<Op extends OperationId> {
  params?: PathParams<Op>;
  query?: QueryParams<Op>;
  /** The JSON body, serialised once so every retry sends identical bytes. */
  body?: RequestBody<Op>;
  /** A non-JSON body (e.g. FormData for an upload); it must be reusable across retries. */
  rawBody?: FormData | Blob | URLSearchParams | string | Uint8Array<ArrayBuffer>;
  /** The Content-Type of `rawBody` when fetch cannot tell it (a CSV or NDJSON string). */
  contentType?: string;
}

/** The JSON body of `Op`'s success response. */
export type Result<Op extends OperationId> = SuccessBody<Op>;
