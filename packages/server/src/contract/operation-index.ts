import { type OpenApiDocument, type OperationId, openapiDocument } from '@ezhili/contract';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
export type HttpMethod = (typeof METHODS)[number];

export interface OperationEntry {
  operationId: OperationId;
  method: HttpMethod;
  /** The contract's path, e.g. `/cases/{caseId}`. */
  path: string;
  /** The same path in Hono's syntax, e.g. `/cases/:caseId`. */
  honoPath: string;
  /** JSON Pointer of the operation object inside the document. */
  pointer: string;
  operation: Record<string, unknown>;
}

export const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Resolves a local `$ref` (`#/components/...`) inside the document; returns the target and its pointer. */
export function resolveRef(
  document: OpenApiDocument,
  value: unknown,
  pointer: string,
): { value: Record<string, unknown>; pointer: string } {
  const ref = (value as { $ref?: string } | undefined)?.$ref;
  if (!ref) return { value: value as Record<string, unknown>, pointer };
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  let target: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return resolveRef(document, target, ref.slice(1));
}

/** Every operation of the contract, by operationId. */
export function indexOperations(
  document: OpenApiDocument = openapiDocument,
): Map<OperationId, OperationEntry> {
  const index = new Map<OperationId, OperationEntry>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const operationId = operation.operationId as OperationId;
      index.set(operationId, {
        operationId,
        method,
        path,
        honoPath: path.replace(/\{([^}]+)\}/g, ':$1'),
        pointer: `/paths/${escapePointer(path)}/${method}`,
        operation,
      });
    }
  }
  return index;
}
