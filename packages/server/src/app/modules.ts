import { auditMigrations } from '../audit/audit-migrations.js';
import { startAuditCheckpointSchedule } from '../auditing/audit-checkpoint-schedule.js';
import { registerAuditRoutes } from '../auditing/audit-routes.js';
import { auditingMigrations } from '../auditing/auditing-migrations.js';
import { AUDITING_SETTINGS } from '../auditing/auditing-settings.js';
import { caseMigrations } from '../cases/case-migrations.js';
import { registerCaseRoutes } from '../cases/case-routes.js';
import { CASE_SETTINGS } from '../cases/case-settings.js';
import { CASE_VIEW } from '../cases/case-view.js';
import { mountConsoleDocuments } from '../console/console-documents.js';
import { consoleMigrations } from '../console/console-migrations.js';
import { registerConsoleOidcRoutes } from '../console/console-oidc-routes.js';
import { registerConsoleSessionRoutes } from '../console/console-session-routes.js';
import { CONSOLE_SETTINGS } from '../console/console-settings.js';
import { districtMigrations } from '../districts/district-migrations.js';
import { registerDistrictRoutes } from '../districts/district-routes.js';
import { mountEmbedDocuments } from '../embed/embed-routes.js';
import { EVIDENCE_SETTINGS } from '../evidence/evidence-config.js';
import { startEvidenceHousekeeping } from '../evidence/evidence-housekeeping.js';
import { evidenceMigrations } from '../evidence/evidence-migrations.js';
import { registerExportRoutes } from '../exports/export-routes.js';
import { EXPORT_SETTINGS } from '../exports/export-settings.js';
import { contribution } from '../http/extension-point.js';
import { idempotencyMigrations } from '../http/idempotency.js';
import type { ServerModule } from '../http/server-module.js';
import { IDENTITY_SETTINGS } from '../identity/identity-config.js';
import { reporterMigrations } from '../identity/reporter-migrations.js';
import { registerReporterRoutes } from '../identity/reporter-routes.js';
import { inspectionTaskMigrations } from '../inspection-tasks/task-migrations.js';
import { registerInspectionTaskRoutes } from '../inspection-tasks/task-routes.js';
import { leadMigrations } from '../leads/lead-migrations.js';
import { registerLeadRoutes } from '../leads/lead-routes.js';
import { LEAD_SETTINGS } from '../leads/lead-settings.js';
import { messageMigrations } from '../messages/message-migrations.js';
import { registerMessageRoutes } from '../messages/message-routes.js';
import { reporterMessagesView, staffMessagesView } from '../messages/message-views.js';
import { metricsMigrations } from '../metrics/metrics-migrations.js';
import { registerMetricsRoutes } from '../metrics/metrics-routes.js';
import { startNotifications } from '../notifications/notification-background.js';
import { notificationMigrations } from '../notifications/notification-migrations.js';
import { registerNotificationRoutes } from '../notifications/notification-routes.js';
import { NOTIFICATION_SETTINGS } from '../notifications/notification-settings.js';
import { partnerMigrations } from '../partners/partner-migrations.js';
import { registerPartnerRoutes } from '../partners/partner-routes.js';
import { payoutMigrations } from '../payouts/payout-migrations.js';
import { createPayoutService } from '../payouts/payout-service.js';
import { PAYOUT_SETTINGS } from '../payouts/payout-settings.js';
import { platformMigrations } from '../platforms/platform-migrations.js';
import { registerPlatformRoutes } from '../platforms/platform-routes.js';
import { PLATFORM_SETTINGS } from '../platforms/platform-settings.js';
import { startWebhookDelivery } from '../platforms/webhook-delivery-worker.js';
import { redactionMigrations } from '../redaction/redaction-migrations.js';
import { registerRedactionRoutes } from '../redaction/redaction-routes.js';
import { caseRedactionsView } from '../redaction/redaction-view.js';
import { relistingOnlineGuard } from '../relisting/relisting-breaches.js';
import { relistingMigrations } from '../relisting/relisting-migrations.js';
import { startRelistingReconciliation } from '../relisting/relisting-reconciliation.js';
import { registerRelistingRoutes } from '../relisting/relisting-routes.js';
import { RELISTING_SETTINGS } from '../relisting/relisting-settings.js';
import { legalHoldView } from '../retention/legal-holds.js';
import { retentionMigrations } from '../retention/retention-migrations.js';
import { registerRetentionRoutes } from '../retention/retention-routes.js';
import { startRetentionSchedule } from '../retention/retention-schedule.js';
import { RETENTION_SETTINGS } from '../retention/retention-settings.js';
import { rewardMigrations } from '../rewards/reward-migrations.js';
import { registerRewardRoutes } from '../rewards/reward-routes.js';
import { REWARD_SETTINGS } from '../rewards/reward-settings.js';
import { rewardTipView } from '../rewards/reward-tip-view.js';
import { riskMigrations } from '../risk/risk-migrations.js';
import { registerRiskRoutes } from '../risk/risk-routes.js';
import { RISK_SETTINGS } from '../risk/risk-settings.js';
import { CARD_RULES } from '../scorecards/card-rules.js';
import { scorecardMigrations } from '../scorecards/scorecard-migrations.js';
import { registerScorecardRoutes } from '../scorecards/scorecard-routes.js';
import { shopMigrations } from '../shops/shop-migrations.js';
import { SHOP_ONLINE_GUARD } from '../shops/shop-online-guard.js';
import { registerShopRoutes } from '../shops/shop-routes.js';
import { staffMigrations } from '../staff/staff-migrations.js';
import { registerStaffRoutes } from '../staff/staff-routes.js';
import { registerSystemRoutes } from '../system/system-routes.js';
import { tipMigrations } from '../tips/tip-migrations.js';
import { registerTipRoutes } from '../tips/tip-routes.js';
import { TIP_SETTINGS } from '../tips/tip-settings.js';
import { TIP_VIEW } from '../tips/tip-view-contributors.js';
import { mountTransparencyPage } from '../transparency/transparency-page.js';
import { registerTransparencyRoutes } from '../transparency/transparency-routes.js';
import { TRANSPARENCY_SETTINGS } from '../transparency/transparency-settings.js';
import { identityAccessNoticesView } from '../unseal/identity-access-notices.js';
import { unsealMigrations } from '../unseal/unseal-migrations.js';
import { registerUnsealRoutes } from '../unseal/unseal-routes.js';
import { UNSEAL_SETTINGS } from '../unseal/unseal-settings.js';

/**
 * Every module of the server and all it plugs in, in migration order (a module's tables may refer
 * to those of the modules above it): its settings (read and validated together at start-up,
 * before migrations), tables, routes, background work, and its contributions to other modules'
 * extension points (in this order). Add a module by appending its entry here; nothing registers
 * itself by being imported.
 */
export const SERVER_MODULES: ServerModule[] = [
  { name: 'system', routes: registerSystemRoutes },
  { name: 'idempotency', migrations: idempotencyMigrations },
  { name: 'audit', migrations: auditMigrations },
  {
    name: 'auditing',
    settings: AUDITING_SETTINGS,
    migrations: auditingMigrations,
    routes: registerAuditRoutes,
    background: startAuditCheckpointSchedule,
  },
  { name: 'districts', migrations: districtMigrations, routes: registerDistrictRoutes },
  { name: 'staff', migrations: staffMigrations, routes: registerStaffRoutes },
  {
    name: 'console',
    settings: CONSOLE_SETTINGS,
    migrations: consoleMigrations,
    routes: (router, ctx) => {
      registerConsoleSessionRoutes(router, ctx);
      registerConsoleOidcRoutes(router, ctx);
    },
    documents: mountConsoleDocuments,
  },
  { name: 'shops', migrations: shopMigrations, routes: registerShopRoutes },
  {
    name: 'identity',
    settings: IDENTITY_SETTINGS,
    migrations: reporterMigrations,
    routes: registerReporterRoutes,
  },
  {
    name: 'evidence',
    settings: EVIDENCE_SETTINGS,
    migrations: evidenceMigrations,
    background: startEvidenceHousekeeping,
  },
  { name: 'cases', settings: CASE_SETTINGS, migrations: caseMigrations, routes: registerCaseRoutes },
  { name: 'tips', settings: TIP_SETTINGS, migrations: tipMigrations, routes: registerTipRoutes },
  {
    name: 'messages',
    migrations: messageMigrations,
    routes: registerMessageRoutes,
    contributes: [contribution(TIP_VIEW, reporterMessagesView), contribution(CASE_VIEW, staffMessagesView)],
  },
  {
    name: 'redaction',
    migrations: redactionMigrations,
    routes: registerRedactionRoutes,
    contributes: [contribution(CASE_VIEW, caseRedactionsView)],
  },
  {
    name: 'platforms',
    settings: PLATFORM_SETTINGS,
    migrations: platformMigrations,
    routes: registerPlatformRoutes,
    background: (ctx) => startWebhookDelivery(ctx),
  },
  { name: 'leads', settings: LEAD_SETTINGS, migrations: leadMigrations, routes: registerLeadRoutes },
  {
    name: 'relisting',
    settings: RELISTING_SETTINGS,
    migrations: relistingMigrations,
    routes: registerRelistingRoutes,
    background: startRelistingReconciliation,
    contributes: [contribution(SHOP_ONLINE_GUARD, relistingOnlineGuard)],
  },
  {
    name: 'scorecards',
    settings: CARD_RULES,
    migrations: scorecardMigrations,
    routes: registerScorecardRoutes,
  },
  { name: 'partners', migrations: partnerMigrations, routes: registerPartnerRoutes },
  { name: 'embed', documents: mountEmbedDocuments },
  {
    name: 'rewards',
    settings: REWARD_SETTINGS,
    migrations: rewardMigrations,
    routes: registerRewardRoutes,
    contributes: [contribution(TIP_VIEW, rewardTipView)],
  },
  {
    name: 'payouts',
    settings: PAYOUT_SETTINGS,
    migrations: payoutMigrations,
    background: (ctx) => createPayoutService(ctx).background(),
  },
  {
    name: 'unseal',
    settings: UNSEAL_SETTINGS,
    migrations: unsealMigrations,
    routes: registerUnsealRoutes,
    contributes: [contribution(TIP_VIEW, identityAccessNoticesView)],
  },
  {
    name: 'notifications',
    settings: NOTIFICATION_SETTINGS,
    migrations: notificationMigrations,
    routes: registerNotificationRoutes,
    background: startNotifications,
  },
  {
    // Above every module whose data it deletes (it calls their retention functions).
    name: 'retention',
    settings: RETENTION_SETTINGS,
    migrations: retentionMigrations,
    routes: registerRetentionRoutes,
    background: startRetentionSchedule,
    contributes: [contribution(CASE_VIEW, legalHoldView)],
  },
  { name: 'inspection-tasks', migrations: inspectionTaskMigrations, routes: registerInspectionTaskRoutes },
  { name: 'risk', settings: RISK_SETTINGS, migrations: riskMigrations, routes: registerRiskRoutes },
  // Last: its rollup triggers are created on the tables of the modules above.
  { name: 'metrics', migrations: metricsMigrations, routes: registerMetricsRoutes },
  { name: 'exports', settings: EXPORT_SETTINGS, routes: registerExportRoutes },
  {
    name: 'transparency',
    settings: TRANSPARENCY_SETTINGS,
    routes: registerTransparencyRoutes,
    documents: mountTransparencyPage,
  },
];
