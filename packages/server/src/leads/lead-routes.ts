import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import {
  assertPlatformScope,
  callingPlatformId,
  requirePlatform,
  requireStaffOrPlatform,
  signedInput,
} from '../platforms/require-platform.js';
import { platformViewOfLead } from './lead-records.js';
import { createLeadService, LEAD_CREATOR_ROLES, LEAD_READER_ROLES } from './lead-service.js';
import { submitPlatformLead } from './platform-lead-submission.js';

export function registerLeadRoutes(router: OperationRouter, ctx: AppContext): void {
  const leads = createLeadService(ctx);

  router.handle(
    'createLead',
    async (c, { body }) => {
      const { source, caseId, shopId, summary, violationCategory, deadlines } = body;
      const lead = await leads.createLeadAsStaff(c.get('staff'), {
        source,
        summary,
        ...(caseId !== undefined && { caseId }),
        ...(shopId !== undefined && { shopId }),
        ...(violationCategory !== undefined && { violationCategory }),
        ...(deadlines !== undefined && { deadlines }),
      });
      return c.json(lead, 201);
    },
    { before: [requireStaff(...LEAD_CREATOR_ROLES)] },
  );

  router.handle(
    'listPlatformLeads',
    async (c, { params, query }) => {
      assertPlatformScope(c, params.platformId);
      if (callingPlatformId(c) === undefined) {
        return c.json(await leads.listPlatformLeads(params.platformId, query, c.get('staff')), 200);
      }
      const page = await leads.listPlatformLeads(params.platformId, query);
      return c.json({ ...page, items: page.items.map(platformViewOfLead) }, 200);
    },
    { before: [requireStaffOrPlatform(...LEAD_READER_ROLES)] },
  );

  router.handle(
    'acknowledgeLead',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(
        await leads.acknowledgeLead(params.platformId, params.leadId, body.note, signedInput(c)),
        200,
      );
    },
    { before: [requirePlatform()] },
  );

  router.handle(
    'reportLeadAction',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(
        await leads.reportLeadAction(params.platformId, params.leadId, body, signedInput(c)),
        201,
      );
    },
    { before: [requirePlatform()] },
  );

  router.handle(
    'submitPlatformLead',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(await submitPlatformLead(ctx, params.platformId, body, signedInput(c)), 201);
    },
    { before: [requirePlatform()] },
  );
}
