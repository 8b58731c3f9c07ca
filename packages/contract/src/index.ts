export { openapiDocument, openapiYaml } from './document.generated.js';
export type { OpenApiDocument } from './document.js';
export type {
  ApiOperationId,
  OperationId,
  RequestBody,
  ResponseBody,
  Schema,
  SuccessBody,
  WebhookEvent,
  WebhookOperationId,
} from './operation-types.js';
export type { components, operations, paths } from './schema.generated.js';
