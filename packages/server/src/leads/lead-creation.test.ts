import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffPrincipal, StaffRole } from '../auth/staff-principal.js';
import { createCaseService } from '../cases/case-service.js';
import { ProblemError } from '../problem/problem-error.js';
import { countRows, insertTestShop, registerTestPlatform } from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createLeadService } from './lead-service.js';

/** Who may send a lead about a case is the lead service's rule, with or without HTTP. */
describe('lead service: leads from cases by staff', () => {
  let t: TestApp;
  let caseId: string;

  const official = (id: string, roles: StaffRole[], districtCode: string | null = null): StaffPrincipal => ({
    id,
    email: `${id}@example.test`,
    displayName: id,
    roles,
    districtCode,
    source: 'local',
  });

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await registerTestPlatform(t, await t.login('admin@demo.local'));
    const shop = await insertTestShop(t.ctx, platform.id);
    const cases = createCaseService(t.ctx);
    const record = await t.ctx.db.transaction((tx) =>
      cases.createCase(tx, {
        source: 'tip',
        sourceRef: 'tip_lead_creation',
        description: 'Rats in the kitchen',
        category: 'unhygienic_kitchen',
        districtCode: '350102',
        shop: { platformId: platform.id, platformShopId: shop.platformShopId },
        observedAt: null,
        actor: 'system',
        auditActor: { type: 'system', id: 'system' },
      }),
    );
    caseId = record.id;
    // Routed to the Gulou (350102) district bureau: intake no longer sees it.
    await cases.triageCase(official('stf_intake', ['intake']), caseId, {
      decision: 'accept',
      classification: 'general',
    });
  });
  afterAll(() => t.close());

  const refusal = async (step: Promise<unknown>) =>
    (await step.then(
      () => undefined,
      (error: unknown) => error,
    )) as ProblemError;

  it('refuses a case the official cannot see, as if it did not exist, and writes nothing', async () => {
    const leads = createLeadService(t.ctx);
    const before = await countRows(t.ctx.db, 'leads');
    for (const outsider of [
      official('stf_cangshan', ['district_handler'], '350104'),
      official('stf_intake', ['intake']),
    ]) {
      const error = await refusal(
        leads.createLeadAsStaff(outsider, { source: 'case', caseId, summary: 'x' }),
      );
      expect(error).toBeInstanceOf(ProblemError);
      expect([error.status, error.code]).toEqual([404, 'case_not_found']);
    }
    const auditor = await refusal(
      leads.createLeadAsStaff(official('stf_auditor', ['auditor']), { source: 'case', caseId, summary: 'x' }),
    );
    expect(auditor.status).toBe(403);
    expect(await countRows(t.ctx.db, 'leads')).toBe(before);
  });

  it('lets a handler of the unit holding the case send it', async () => {
    const lead = await createLeadService(t.ctx).createLeadAsStaff(
      official('stf_gulou', ['district_handler'], '350102'),
      { source: 'case', caseId, summary: 'Confirmed by inspection' },
    );
    expect(lead).toMatchObject({ source: 'case', caseId });
  });
});
