import { residentIdCheckCharacter } from '../identity/resident-id.js';
import type { TestApp } from './test-app.js';

/** A distinctive reporter, so tests can prove none of these values reaches staff. */
export function rewardTestPerson(n: number, accountName?: string) {
  const first17 = `35010219910315${String(n).padStart(3, '0')}`;
  const realName = `奖金测试人${n}号`;
  return {
    realName,
    residentId: first17 + residentIdCheckCharacter(first17),
    phone: `139${String(60_000_000 + n).padStart(8, '0')}`,
    bankAccount: {
      bankName: '福州奖金银行',
      accountNumber: `6222${String(n).padStart(4, '0')}88776655`,
      accountName: accountName ?? realName,
    },
    passphrase: `reward passphrase ${n}`,
  };
}

export type RewardTestPerson = ReturnType<typeof rewardTestPerson>;

export interface ClosedCase {
  caseId: string;
  identityCode: string;
  receiptSecret: string;
  tipId: string;
  /** The reporter's session (absent for an anonymous tip). */
  reporterToken?: string;
  person: RewardTestPerson;
}

/**
 * Drives the real routes: registers a reporter (unless anonymous), submits a tip in Gulou
 * (350102), triages it to the district bureau (or the detachment), investigates and closes it.
 */
export async function createClosedCase(
  t: TestApp,
  options: {
    n: number;
    anonymous?: boolean;
    accountName?: string;
    outcome?: 'violation_confirmed' | 'not_confirmed';
    penaltyFen?: number;
    close?: boolean;
    /** `complex` routes the case to the city enforcement detachment. */
    classification?: 'general' | 'complex';
  },
): Promise<ClosedCase> {
  const person = rewardTestPerson(options.n, options.accountName);
  let reporterToken: string | undefined;
  if (!options.anonymous) {
    const registered = await t.request('/reporter/accounts', { json: person });
    if (registered.status !== 201)
      throw new Error(`register failed: ${registered.status} ${await registered.text()}`);
    reporterToken = ((await registered.json()) as { token: string }).token;
  }
  const submitted = await t.request('/tips', {
    token: reporterToken,
    json: {
      description: 'The kitchen reuses cooking oil for weeks.',
      shop: { name: 'Golden Wok', address: '8 Gutian Rd' },
      districtCode: '350102',
      category: 'expired_or_spoiled_ingredients',
      observedAt: '2026-01-02T12:00:00Z',
      insider: true,
    },
  });
  if (submitted.status !== 201)
    throw new Error(`submitTip failed: ${submitted.status} ${await submitted.text()}`);
  const receipt = (await submitted.json()) as { identityCode: string; receiptSecret: string };
  const row = (
    await t.ctx.db.execute({
      sql: 'SELECT c.id, t.id AS tip_id FROM cases c JOIN tips t ON t.case_id = c.id WHERE c.identity_code = ?',
      args: [receipt.identityCode],
    })
  ).rows[0]!;
  const caseId = String(row.id);
  const intake = await t.login('intake@demo.local');
  const classification = options.classification ?? 'general';
  const handler = await t.login(
    classification === 'general' ? 'district@demo.local' : 'detachment@demo.local',
  );
  const steps: Array<[string, string, unknown]> = [
    [intake, `/cases/${caseId}/triage`, { decision: 'accept', classification }],
    [handler, `/cases/${caseId}/transitions`, { action: 'investigate' }],
  ];
  if (options.close !== false) {
    const outcome = options.outcome ?? 'violation_confirmed';
    steps.push([
      handler,
      `/cases/${caseId}/transitions`,
      {
        action: 'close',
        outcome,
        ...(outcome === 'violation_confirmed' && { penaltyFen: options.penaltyFen ?? 20_000_000 }),
        summary: 'Closed after inspection.',
      },
    ]);
  }
  for (const [token, path, json] of steps) {
    const response = await t.request(path, { token, json });
    if (response.status !== 200)
      throw new Error(`${path} failed: ${response.status} ${await response.text()}`);
  }
  return {
    caseId,
    identityCode: receipt.identityCode,
    receiptSecret: receipt.receiptSecret,
    tipId: String(row.tip_id),
    ...(reporterToken && { reporterToken }),
    person,
  };
}

/** Headers that prove a tip by its identity code and receipt secret. */
export function tipHeaders(tip: Pick<ClosedCase, 'identityCode' | 'receiptSecret'>): Record<string, string> {
  return { 'ezhili-identity-code': tip.identityCode, 'ezhili-receipt-secret': tip.receiptSecret };
}
