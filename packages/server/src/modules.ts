import { auditMigrations } from './audit/audit-migrations.js';
import type { ModuleMigrations } from './db/migrations.js';
import { districtMigrations } from './districts/district-migrations.js';
import { registerDistrictRoutes } from './districts/district-routes.js';
import type { AppContext } from './http/app-context.js';
import { idempotencyMigrations } from './http/idempotency.js';
import type { OperationRouter } from './http/operation-router.js';
import { shopMigrations } from './shops/shop-migrations.js';
import { staffMigrations } from './staff/staff-migrations.js';
import { registerStaffRoutes } from './staff/staff-routes.js';
import { registerSystemRoutes } from './system/system-routes.js';

/** Background work of a module (outbox delivery, deadline sweeps); stopped on shutdown. */
export interface BackgroundTask {
  stop(): Promise<void>;
}

/** A domain module: its tables, its routes, its background work. */
export interface ServerModule {
  name: string;
  migrations?: ModuleMigrations;
  routes?(router: OperationRouter, ctx: AppContext): void;
  background?(ctx: AppContext): BackgroundTask;
}

/**
 * Every module of the server, in migration order (a module's tables may refer to those of the
 * modules above it). Add a module by appending it here.
 */
export const SERVER_MODULES: ServerModule[] = [
  { name: 'system', routes: registerSystemRoutes },
  { name: 'idempotency', migrations: idempotencyMigrations },
  { name: 'audit', migrations: auditMigrations },
  { name: 'districts', migrations: districtMigrations, routes: registerDistrictRoutes },
  { name: 'staff', migrations: staffMigrations, routes: registerStaffRoutes },
  { name: 'shops', migrations: shopMigrations },
];
