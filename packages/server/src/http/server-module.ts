import type { Hono } from 'hono';
import type { ModuleMigrations } from '../db/migrations.js';
import type { AppContext } from './app-context.js';
import type { AppEnv } from './app-env.js';
import type { OperationRouter } from './operation-router.js';

/** Background work of a module (outbox delivery, deadline sweeps); stopped on shutdown. */
export interface BackgroundTask {
  stop(): Promise<void>;
}

/**
 * What a domain module plugs into the server: its tables, its routes, its background work. The
 * composition root (`app/modules.ts`) lists one entry per module; the plumbing only knows this
 * shape, never a module.
 */
export interface ServerModule {
  name: string;
  migrations?: ModuleMigrations;
  routes?(router: OperationRouter, ctx: AppContext): void;
  /** Documents served beside the API (not contract operations), e.g. the widget's embed pages. */
  documents?(app: Hono<AppEnv>, ctx: AppContext, operations: readonly string[]): void;
  background?(ctx: AppContext): BackgroundTask;
}
