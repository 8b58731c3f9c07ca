import type { OperationId, Schema } from '@ezhili/sdk';

export type StaffRole = Schema<'StaffRole'>;

export const ALL_ROLES: readonly StaffRole[] = [
  'intake',
  'district_handler',
  'detachment_handler',
  'reward_committee',
  'finance',
  'auditor',
  'admin',
];

const CASE_READERS = ['intake', 'district_handler', 'detachment_handler', 'admin', 'auditor'] as const;
const CASE_HANDLERS = ['district_handler', 'detachment_handler', 'admin'] as const;
const CASE_ACTORS = ['intake', 'district_handler', 'detachment_handler', 'admin'] as const;
const REWARD_READERS = [
  'district_handler',
  'detachment_handler',
  'reward_committee',
  'finance',
  'auditor',
  'admin',
] as const;
const RISK_READERS = ['admin', 'intake', 'district_handler', 'detachment_handler'] as const;
const TASK_WORKERS = ['admin', 'district_handler', 'detachment_handler'] as const;
const PLATFORM_READERS = ['intake', 'district_handler', 'detachment_handler', 'auditor', 'admin'] as const;
const RELISTING_READERS = ['district_handler', 'detachment_handler', 'auditor', 'admin'] as const;

/**
 * Which staff roles may call each staff operation the console uses: the contract's `x-roles`
 * (a test checks every operation that declares them against this table). The console only hides
 * what a role cannot do; the server refuses it regardless.
 */
export const OPERATION_ROLES = {
  getMetrics: ALL_ROLES,
  listNotifications: ALL_ROLES,
  markNotificationRead: ALL_ROLES,
  markAllNotificationsRead: ALL_ROLES,
  listDistricts: ALL_ROLES,
  listCases: CASE_READERS,
  getCaseCounts: CASE_READERS,
  getCase: CASE_READERS,
  getEvidenceFile: CASE_READERS,
  triageCase: ['intake', 'admin'],
  routeCases: CASE_ACTORS,
  transitionCase: CASE_HANDLERS,
  addCaseNote: CASE_ACTORS,
  assignCaseOfficer: CASE_ACTORS,
  listOfficers: CASE_READERS,
  postCaseMessage: CASE_ACTORS,
  createLead: CASE_ACTORS,
  listAuditEvents: ['auditor', 'admin'],
  verifyAuditChain: ['auditor', 'admin'],
  createAuditVerification: ['auditor', 'admin'],
  getAuditVerification: ['auditor', 'admin'],
  listAuditCheckpoints: ['auditor', 'admin'],
  placeLegalHold: ['auditor', 'admin'],
  releaseLegalHold: ['auditor', 'admin'],
  getRetentionStatus: ['auditor', 'admin'],
  createUnsealRequest: ['auditor', 'admin'],
  getUnsealRequest: ['auditor', 'admin'],
  submitUnsealShare: ['auditor'],
  listRewardClaims: REWARD_READERS,
  getRewardClaim: REWARD_READERS,
  getRewardRules: ALL_ROLES,
  proposeReward: ['district_handler', 'detachment_handler'],
  determineReward: ['reward_committee'],
  approvePayout: ['finance'],
  getPlatform: PLATFORM_READERS,
  registerPlatform: ['admin'],
  updatePlatform: ['admin'],
  listWebhookDeliveries: ['admin'],
  retryWebhookDelivery: ['admin'],
  listPlatformLeads: PLATFORM_READERS,
  getPlatformScorecard: PLATFORM_READERS,
  listPlatformCards: PLATFORM_READERS,
  issuePlatformCard: ['detachment_handler', 'admin'],
  listRelistingRequests: RELISTING_READERS,
  getRelistingRequest: RELISTING_READERS,
  decideRelistingRequest: ['district_handler', 'detachment_handler', 'admin'],
  getRiskModel: RISK_READERS,
  putRiskModel: ['admin'],
  createRiskRun: ['admin', 'detachment_handler'],
  getRiskRun: RISK_READERS,
  listShopRisks: RISK_READERS,
  getShopRisk: RISK_READERS,
  createRiskBacktest: ['admin'],
  listRiskBacktests: ['admin'],
  getRiskBacktest: ['admin'],
  listInspectionTasks: TASK_WORKERS,
  listPartners: ['admin'],
  registerPartner: ['admin'],
  updatePartner: ['admin'],
} as const satisfies Partial<Record<OperationId, readonly StaffRole[]>>;

export type ConsoleOperation = keyof typeof OPERATION_ROLES;

/** Whether someone with `roles` may call `operation`. */
export function can(roles: readonly StaffRole[], operation: ConsoleOperation): boolean {
  const allowed: readonly StaffRole[] = OPERATION_ROLES[operation];
  return roles.some((role) => allowed.includes(role));
}
