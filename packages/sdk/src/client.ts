import { AuditResource } from './audit/audit-resource.js';
import { CasesResource } from './cases/cases-resource.js';
import type { ClientOptions } from './core/options.js';
import { Transport, type TransportInternals } from './core/transport.js';
import { InspectionTasksResource } from './inspection-tasks/inspection-tasks-resource.js';
import { LeadsResource } from './leads/leads-resource.js';
import { MetricsResource } from './metrics/metrics-resource.js';
import { NotificationsResource } from './notifications/notifications-resource.js';
import { PartnersResource } from './partners/partners-resource.js';
import { PlatformsResource } from './platforms/platforms-resource.js';
import { ReferenceResource } from './reference/reference-resource.js';
import { RelistingResource } from './relisting/relisting-resource.js';
import { RetentionResource } from './retention/retention-resource.js';
import { RewardsResource } from './rewards/rewards-resource.js';
import { RiskResource } from './risk/risk-resource.js';
import { ScorecardsResource } from './scorecards/scorecards-resource.js';
import { ShopsResource } from './shops/shops-resource.js';
import { StaffResource } from './staff/staff-resource.js';
import { SystemResource } from './system/system-resource.js';
import { UnsealResource } from './unseal/unseal-resource.js';

/**
 * The regulator's client (staff, and anyone for the public operations): one property per tag
 * of the contract, each with a method per operation, e.g. `ezhili.cases.triage(id, body)`.
 */
export class EzhiliClient {
  readonly system: SystemResource;
  readonly reference: ReferenceResource;
  readonly staff: StaffResource;
  readonly partners: PartnersResource;
  readonly cases: CasesResource;
  readonly audit: AuditResource;
  readonly metrics: MetricsResource;
  readonly platforms: PlatformsResource;
  readonly leads: LeadsResource;
  readonly relisting: RelistingResource;
  readonly scorecards: ScorecardsResource;
  readonly rewards: RewardsResource;
  readonly unseal: UnsealResource;
  readonly shops: ShopsResource;
  readonly risk: RiskResource;
  readonly inspectionTasks: InspectionTasksResource;
  readonly notifications: NotificationsResource;
  readonly retention: RetentionResource;
  /** @internal The shared transport; resources send every call through it. */
  readonly transport: Transport;

  constructor(options: ClientOptions, internals?: Partial<TransportInternals>) {
    this.transport = new Transport(options, internals);
    this.system = new SystemResource(this.transport);
    this.reference = new ReferenceResource(this.transport);
    this.staff = new StaffResource(this.transport);
    this.partners = new PartnersResource(this.transport);
    this.cases = new CasesResource(this.transport);
    this.audit = new AuditResource(this.transport);
    this.metrics = new MetricsResource(this.transport);
    this.platforms = new PlatformsResource(this.transport);
    this.leads = new LeadsResource(this.transport);
    this.relisting = new RelistingResource(this.transport);
    this.scorecards = new ScorecardsResource(this.transport);
    this.rewards = new RewardsResource(this.transport);
    this.unseal = new UnsealResource(this.transport);
    this.shops = new ShopsResource(this.transport);
    this.risk = new RiskResource(this.transport);
    this.inspectionTasks = new InspectionTasksResource(this.transport);
    this.notifications = new NotificationsResource(this.transport);
    this.retention = new RetentionResource(this.transport);
  }

  /** The bearer token sent with each call (set by `staff.login`), if any. */
  get token(): string | undefined {
    return this.transport.token;
  }

  /** Switches the token for the following calls; `undefined` logs the client out locally. */
  setToken(token: string | undefined): void {
    this.transport.token = token;
  }
}

/**
 * Creates a client:
 *
 * ```ts
 * const ezhili = createClient({ baseUrl: 'http://localhost:8787' });
 * await ezhili.staff.login({ email: 'intake@demo.local', password: 'demo' });
 * for await (const item of ezhili.cases.list({ state: 'received' })) console.log(item.id);
 * ```
 *
 * In a browser on the server's own origin with a cookie session (the console), pass no token:
 * `createClient({ baseUrl: location.origin, credentials: 'same-origin', headers: () => csrf() })`.
 */
export function createClient(options: ClientOptions): EzhiliClient {
  return new EzhiliClient(options);
}
