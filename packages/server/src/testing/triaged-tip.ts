import type { TestApp } from './test-app.js';

export interface TriagedTip {
  receipt: { identityCode: string; receiptSecret: string };
  caseId: string;
  /** A token of the Gulou district handler, whose unit the case is routed to. */
  handler: string;
}

/**
 * Submits a tip about a shop in Gulou (350102), anonymous or with a reporter's session token,
 * observed now on the app clock; returns its receipt.
 */
export async function submitTestTip(
  t: TestApp,
  tip: { description: string; shop: { name: string; address: string } },
  reporterToken?: string,
): Promise<TriagedTip['receipt']> {
  const response = await t.request('/tips', {
    ...(reporterToken && { token: reporterToken }),
    json: {
      ...tip,
      districtCode: '350102',
      category: 'unhygienic_kitchen',
      observedAt: t.clock.now().toISOString(),
    },
  });
  if (response.status !== 201) throw new Error(`submitTip answered ${response.status}`);
  return (await response.json()) as TriagedTip['receipt'];
}

/**
 * Submits an anonymous tip about a shop in Gulou (350102) and has intake accept it as a general
 * case, so it lands with the demo district handler: the usual start of a message or case test.
 */
export async function submitTriagedTip(
  t: TestApp,
  tip: { description: string; shop: { name: string; address: string } },
): Promise<TriagedTip> {
  const receipt = await submitTestTip(t, tip);
  const row = (
    await t.ctx.db.execute({
      sql: 'SELECT id FROM cases WHERE identity_code = ?',
      args: [receipt.identityCode],
    })
  ).rows[0];
  const caseId = String(row!.id);
  const triage = await t.request(`/cases/${caseId}/triage`, {
    token: await t.login('intake@demo.local'),
    json: { decision: 'accept', classification: 'general' },
  });
  if (triage.status !== 200) throw new Error(`triageCase answered ${triage.status}`);
  return { receipt, caseId, handler: await t.login('district@demo.local') };
}
