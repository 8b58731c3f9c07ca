import type { components, operations, webhooks } from './schema.generated.js';

/** Every operationId in the contract (API operations and webhooks). */
export type OperationId = keyof operations;

/** The operationIds of the webhooks the regulator sends (`webhooks:` of the contract). */
export type WebhookOperationId = {
  [Op in OperationId]: operations[Op] extends NonNullable<webhooks[keyof webhooks]['post']> ? Op : never;
}[OperationId];

/**
 * The body of any webhook: the union of every webhook's own event schema (`LeadCreatedEvent`,
 * ...), discriminated by `type`. Derived from `webhooks:`, so a new webhook joins it by itself.
 */
export type WebhookEvent = { [Op in WebhookOperationId]: RequestBody<Op> }[WebhookOperationId];

/** The operationIds of the API's own operations (under `paths:`), the ones clients call. */
export type ApiOperationId = Exclude<OperationId, WebhookOperationId>;

/** A named schema from `components.schemas`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON request body of an operation (never when it takes none). */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody?: infer Body;
}
  ? JsonContent<NonNullable<Body>>
  : never;

/** The JSON body of one response status of an operation. */
export type ResponseBody<
  Op extends OperationId,
  Status extends keyof operations[Op]['responses'],
> = JsonContent<operations[Op]['responses'][Status]>;

type SuccessStatus = 200 | 201 | 202;

/** The JSON body of an operation's success response (200, 201 or 202). */
export type SuccessBody<Op extends OperationId> = {
  [S in keyof operations[Op]['responses']]: S extends SuccessStatus
    ? JsonContent<operations[Op]['responses'][S]>
    : never;
}[keyof operations[Op]['responses']];
