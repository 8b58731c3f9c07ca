import { auditMigrations } from '../audit/audit-migrations.js';
import { registerAuditRoutes } from '../auditing/audit-routes.js';
import { caseMigrations } from '../cases/case-migrations.js';
import { registerCaseRoutes } from '../cases/case-routes.js';
import { districtMigrations } from '../districts/district-migrations.js';
import { registerDistrictRoutes } from '../districts/district-routes.js';
import { mountEmbedDocuments } from '../embed/embed-routes.js';
import { startEvidenceHousekeeping } from '../evidence/evidence-housekeeping.js';
import { evidenceMigrations } from '../evidence/evidence-migrations.js';
import { idempotencyMigrations } from '../http/idempotency.js';
import type { ServerModule } from '../http/server-module.js';
import { reporterMigrations } from '../identity/reporter-migrations.js';
import { registerReporterRoutes } from '../identity/reporter-routes.js';
import { inspectionTaskMigrations } from '../inspection-tasks/task-migrations.js';
import { registerInspectionTaskRoutes } from '../inspection-tasks/task-routes.js';
import { leadMigrations } from '../leads/lead-migrations.js';
import { registerLeadRoutes } from '../leads/lead-routes.js';
import { messageMigrations } from '../messages/message-migrations.js';
import { registerMessageRoutes } from '../messages/message-routes.js';
import { registerMetricsRoutes } from '../metrics/metrics-routes.js';
import { partnerMigrations } from '../partners/partner-migrations.js';
import { registerPartnerRoutes } from '../partners/partner-routes.js';
import { payoutMigrations } from '../payouts/payout-migrations.js';
import { createPayoutService } from '../payouts/payout-service.js';
import { platformMigrations } from '../platforms/platform-migrations.js';
import { registerPlatformRoutes } from '../platforms/platform-routes.js';
import { startWebhookDelivery } from '../platforms/webhook-delivery-worker.js';
import { relistingMigrations } from '../relisting/relisting-migrations.js';
import { registerRelistingRoutes } from '../relisting/relisting-routes.js';
import { rewardMigrations } from '../rewards/reward-migrations.js';
import { registerRewardRoutes } from '../rewards/reward-routes.js';
import { riskMigrations } from '../risk/risk-migrations.js';
import { registerRiskRoutes } from '../risk/risk-routes.js';
import { scorecardMigrations } from '../scorecards/scorecard-migrations.js';
import { registerScorecardRoutes } from '../scorecards/scorecard-routes.js';
import { shopMigrations } from '../shops/shop-migrations.js';
import { registerShopRoutes } from '../shops/shop-routes.js';
import { staffMigrations } from '../staff/staff-migrations.js';
import { registerStaffRoutes } from '../staff/staff-routes.js';
import { registerSystemRoutes } from '../system/system-routes.js';
import { tipMigrations } from '../tips/tip-migrations.js';
import { registerTipRoutes } from '../tips/tip-routes.js';
import { unsealMigrations } from '../unseal/unseal-migrations.js';
import { registerUnsealRoutes } from '../unseal/unseal-routes.js';

/**
 * Every module of the server, in migration order (a module's tables may refer to those of the
 * modules above it). Add a module by appending it here.
 */
export const SERVER_MODULES: ServerModule[] = [
  { name: 'system', routes: registerSystemRoutes },
  { name: 'idempotency', migrations: idempotencyMigrations },
  { name: 'audit', migrations: auditMigrations, routes: registerAuditRoutes },
  { name: 'districts', migrations: districtMigrations, routes: registerDistrictRoutes },
  { name: 'staff', migrations: staffMigrations, routes: registerStaffRoutes },
  { name: 'shops', migrations: shopMigrations, routes: registerShopRoutes },
  { name: 'identity', migrations: reporterMigrations, routes: registerReporterRoutes },
  { name: 'evidence', migrations: evidenceMigrations, background: startEvidenceHousekeeping },
  { name: 'cases', migrations: caseMigrations, routes: registerCaseRoutes },
  { name: 'tips', migrations: tipMigrations, routes: registerTipRoutes },
  { name: 'messages', migrations: messageMigrations, routes: registerMessageRoutes },
  { name: 'metrics', routes: registerMetricsRoutes },
  {
    name: 'platforms',
    migrations: platformMigrations,
    routes: registerPlatformRoutes,
    background: (ctx) => startWebhookDelivery(ctx),
  },
  { name: 'leads', migrations: leadMigrations, routes: registerLeadRoutes },
  { name: 'relisting', migrations: relistingMigrations, routes: registerRelistingRoutes },
  { name: 'scorecards', migrations: scorecardMigrations, routes: registerScorecardRoutes },
  { name: 'partners', migrations: partnerMigrations, routes: registerPartnerRoutes },
  { name: 'embed', documents: mountEmbedDocuments },
  { name: 'rewards', migrations: rewardMigrations, routes: registerRewardRoutes },
  {
    name: 'payouts',
    migrations: payoutMigrations,
    background: (ctx) => createPayoutService(ctx).background(),
  },
  { name: 'unseal', migrations: unsealMigrations, routes: registerUnsealRoutes },
  { name: 'inspection-tasks', migrations: inspectionTaskMigrations, routes: registerInspectionTaskRoutes },
  { name: 'risk', migrations: riskMigrations, routes: registerRiskRoutes },
];
