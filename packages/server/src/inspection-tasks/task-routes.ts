import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { TASK_ROLES } from './task-scope.js';
import { completeInspectionTask, getInspectionTask, listInspectionTasks } from './task-service.js';

export function registerInspectionTaskRoutes(router: OperationRouter, ctx: AppContext): void {
  const workers = requireStaff(...TASK_ROLES);
  router.handle(
    'listInspectionTasks',
    async (c, { query }) => c.json(await listInspectionTasks(ctx.db, c.get('staff'), query), 200),
    { before: [workers] },
  );
  router.handle(
    'getInspectionTask',
    async (c, { params }) => c.json(await getInspectionTask(ctx.db, c.get('staff'), params.taskId), 200),
    { before: [workers] },
  );
  router.handle(
    'completeInspectionTask',
    async (c, { params, body }) => {
      const staff = c.get('staff');
      return c.json(
        await completeInspectionTask(ctx, staff, params.taskId, body, { type: 'staff', id: staff.id }),
        200,
      );
    },
    { before: [workers] },
  );
}
