export type {
  components,
  OperationId,
  operations,
  RequestBody,
  Schema,
  SuccessBody,
} from '@ezhili/contract';
export { AuditResource } from './audit/audit-resource.js';
export { CasesResource } from './cases/cases-resource.js';
export { createClient, EzhiliClient } from './client.js';
export type { Download, EvidenceDownload } from './core/download.js';
export type { CallInput, HttpMethod, Operation, PathParams, QueryParams, Result } from './core/operation.js';
export { operation } from './core/operation.js';
export type {
  Authenticate,
  CallBehaviour,
  ClientOptions,
  HeaderSource,
  OutgoingRequest,
  RequestOptions,
  ResponseMeta,
} from './core/options.js';
export { type ItemOfPage, type PagePromise, pagePromise } from './core/page-promise.js';
export { type FetchPage, type Page, Paginated, type PaginateOptions, paginate } from './core/paginate.js';
export { type ItemOf, listOperation, paginateOperation } from './core/paginate-operation.js';
export { RETRYABLE_STATUSES } from './core/retry.js';
export { Transport } from './core/transport.js';
export { errorFromResponse } from './errors/error-from-response.js';
export { EzhiliAuthenticationError } from './errors/ezhili-authentication-error.js';
export { EzhiliConflictError } from './errors/ezhili-conflict-error.js';
export { EzhiliConnectionError } from './errors/ezhili-connection-error.js';
export { EzhiliError, type EzhiliErrorInit, type Problem } from './errors/ezhili-error.js';
export { EzhiliNotFoundError } from './errors/ezhili-not-found-error.js';
export { EzhiliPermissionError } from './errors/ezhili-permission-error.js';
export { EzhiliRateLimitError } from './errors/ezhili-rate-limit-error.js';
export { EzhiliServerError } from './errors/ezhili-server-error.js';
export { EzhiliValidationError, type FieldError } from './errors/ezhili-validation-error.js';
export { InspectionTasksResource } from './inspection-tasks/inspection-tasks-resource.js';
export { LeadsResource } from './leads/leads-resource.js';
export { MetricsResource } from './metrics/metrics-resource.js';
export { NotificationsResource } from './notifications/notifications-resource.js';
export { PartnersResource } from './partners/partners-resource.js';
export {
  createPlatformClient,
  PlatformClient,
  type PlatformClientOptions,
} from './platform/platform-client.js';
export { type Lead, PlatformLeadsResource } from './platform/platform-leads-resource.js';
export { PlatformPlatformsResource } from './platform/platform-platforms-resource.js';
export { PlatformRelistingResource, type RelistingRequest } from './platform/platform-relisting-resource.js';
export { PlatformScorecardsResource } from './platform/platform-scorecards-resource.js';
export { PlatformShopsResource, type ShopFeed } from './platform/platform-shops-resource.js';
export {
  createRequestSigner,
  type PlatformAlgorithm,
  type PlatformPrivateKey,
  type PlatformSignerOptions,
  platformAuthenticate,
  SIGNATURE_HEADER,
  type SignableRequest,
} from './platform/request-signature.js';
export { PlatformsResource } from './platforms/platforms-resource.js';
export { ReferenceResource } from './reference/reference-resource.js';
export { RelistingResource } from './relisting/relisting-resource.js';
export {
  buildEvidenceMultipart,
  EVIDENCE_EXTENSION_TYPES,
  type EvidenceFile,
  type EvidenceMultipart,
} from './reporter/evidence-multipart.js';
export {
  createReporterClient,
  ReporterClient,
  type ReporterClientOptions,
} from './reporter/reporter-client.js';
export { ReporterRewardsResource } from './reporter/reporter-rewards-resource.js';
export {
  type PostMessageOptions,
  ReporterTipsResource,
  type SubmitTipOptions,
  type TipSubmission,
} from './reporter/reporter-tips-resource.js';
export { type ReporterLoginOptions, ReportersResource } from './reporter/reporters-resource.js';
export type { TipAccess } from './reporter/tip-access.js';
export type { UploadProgress } from './reporter/upload-progress-fetch.js';
export { RetentionResource } from './retention/retention-resource.js';
export { RewardsResource } from './rewards/rewards-resource.js';
export { type RecordFile, RiskResource } from './risk/risk-resource.js';
export { ScorecardsResource } from './scorecards/scorecards-resource.js';
export { ShopsResource } from './shops/shops-resource.js';
export { type LoginOptions, StaffResource } from './staff/staff-resource.js';
export { SystemResource } from './system/system-resource.js';
export { type UnsealRequestQuery, UnsealResource } from './unseal/unseal-resource.js';
export { VERSION } from './version.js';
export { type PublicJwk, type RegulatorKeySource, RegulatorKeys } from './webhooks/regulator-keys.js';
export {
  createWebhookVerifier,
  type RawBody,
  verifyWebhook,
  type WebhookHeaders,
  type WebhookVerifier,
  type WebhookVerifierOptions,
} from './webhooks/verify-webhook.js';
export type { WebhookEvent, WebhookEventType } from './webhooks/webhook-event.js';
export {
  fetchWebhookHandler,
  honoWebhookHandler,
  nodeWebhookHandler,
  type WebhookHandlerOptions,
} from './webhooks/webhook-handlers.js';
export {
  EzhiliWebhookVerificationError,
  type WebhookVerificationCode,
} from './webhooks/webhook-verification-error.js';
