import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewardStaffOperations } from '../support/reward-staff-operations.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

// GB 11643 check character, so the distinctive ID numbers pass registration.
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const reporters = [
  {
    realName: '欧阳泄密测试',
    residentId: residentId('35010219870707123'),
    phone: '13912345671',
    bankAccount: {
      bankName: '泄密测试农商银行',
      accountNumber: '6228480011223344556',
      accountName: '欧阳泄密测试',
    },
    passphrase: 'leak test passphrase one',
  },
  {
    realName: '司马隐私测试',
    residentId: residentId('35010419920808456'),
    phone: '13987654329',
    bankAccount: {
      bankName: '隐私测试城商银行',
      accountNumber: '6217000099887766554',
      accountName: '司马别名测试',
    },
    passphrase: 'leak test passphrase two',
  },
];
const personal = reporters.flatMap((r) => [
  r.realName,
  r.residentId,
  r.phone,
  r.bankAccount.bankName,
  r.bankAccount.accountNumber,
  r.bankAccount.accountName,
]);

describe('rewards and unsealing never show a reporter to staff (end to end)', () => {
  let server: E2eServer;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    server = await startE2eServer();
    for (const who of [
      'intake',
      'district',
      'detachment',
      'committee',
      'finance',
      'auditor1',
      'auditor2',
      'admin',
    ]) {
      token[who] = await server.login(`${who}@demo.local`);
    }
  });
  afterAll(() => server.close());

  async function closedTip(reporter: (typeof reporters)[number], anonymous: boolean) {
    let session: string | undefined;
    const registered = await server.api('/reporter/accounts', { json: reporter });
    expect(registered.status).toBe(201);
    if (!anonymous) session = ((await registered.json()) as { token: string }).token;
    const submitted = await server.api('/tips', {
      token: session,
      json: {
        description: 'Spoiled meat in the dumplings.',
        shop: { name: 'Dumpling House', address: '1 Wusi Rd' },
        districtCode: '350102',
        category: 'expired_or_spoiled_ingredients',
        observedAt: '2026-01-02T12:00:00Z',
        insider: true,
      },
    });
    expect(submitted.status).toBe(201);
    const receipt = (await submitted.json()) as { identityCode: string; receiptSecret: string };
    const list = (await (await server.api('/cases', { token: token.intake })).json()) as {
      items: Array<{ id: string; identityCode: string }>;
    };
    const caseId = list.items.find((item) => item.identityCode === receipt.identityCode)!.id;
    for (const [who, path, json] of [
      ['intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'general' }],
      ['district', `/cases/${caseId}/transitions`, { action: 'investigate' }],
      [
        'district',
        `/cases/${caseId}/transitions`,
        { action: 'close', outcome: 'violation_confirmed', penaltyFen: 40_000_000, summary: 'Fined.' },
      ],
    ] as const) {
      expect((await server.api(path, { token: token[who], json })).status).toBe(200);
    }
    const headers = {
      'ezhili-identity-code': receipt.identityCode,
      'ezhili-receipt-secret': receipt.receiptSecret,
    };
    const claim = await server.api('/rewards/claims', {
      headers,
      json: anonymous ? { attachAccount: { phone: reporter.phone, passphrase: reporter.passphrase } } : {},
    });
    expect(claim.status).toBe(201);
    const claims = (await (await server.api('/rewards/claims', { token: token.committee })).json()) as {
      items: Array<{ id: string; caseId: string }>;
    };
    return { caseId, claimId: claims.items.find((item) => item.caseId === caseId)!.id, headers };
  }

  it('drives every reward and unseal staff operation without a trace of the reporters', async () => {
    const paid = await closedTip(reporters[0]!, true);
    const mismatch = await closedTip(reporters[1]!, false);
    const shares = (
      JSON.parse(readFileSync(join(server.dataDir, 'demo-audit-shares.json'), 'utf8')) as { shares: string[] }
    ).shares;
    const created = await server.api('/unseal-requests', {
      token: token.auditor1,
      json: {
        caseId: paid.caseId,
        legalBasis: 'Audit order 2026-11',
        reason: 'External audit of reward payments.',
      },
    });
    expect(created.status).toBe(201);
    const request = (await created.json()) as { id: string; oneTimeKey: string };
    const [prefix, kid, body] = shares[1]!.split('.');
    const forged = Buffer.from(body!, 'base64url');
    forged[4] = (forged[4] ?? 0) ^ 0xff;

    const seen: string[] = [JSON.stringify(request)];
    const statuses: Record<string, number[]> = {};
    for (const call of rewardStaffOperations({
      claimId: paid.claimId,
      mismatchClaimId: mismatch.claimId,
      caseId: paid.caseId,
      unsealRequestId: request.id,
      share: shares[0]!,
      forgedShare: `${prefix}.${kid}.${forged.toString('base64url')}`,
    })) {
      const response = await server.api(call.path, {
        method: call.method,
        token: token[call.who],
        headers: call.headers ?? {},
        ...(call.body !== undefined && { json: call.body }),
      });
      const text = await response.text();
      expect(response.status, `${call.operationId} by ${call.who}: ${text}`).toBeLessThan(500);
      statuses[call.operationId] = [...(statuses[call.operationId] ?? []), response.status];
      seen.push(text);
    }
    // The walk reached the paths it meant to: a payment, a refusal for the name, 4xx for the rest.
    expect(statuses.approvePayout).toEqual([403, 422, 200, 409]);
    expect(statuses.submitUnsealShare).toEqual([200, 409, 422]);
    const claim = (await (
      await server.api(`/rewards/claims/${paid.claimId}`, { token: token.finance })
    ).json()) as {
      state: string;
    };
    expect(claim.state).toBe('paid');

    // The reporter side shows the payment; the audit log and the logs stay clean.
    const tipView = (await (await server.api('/tip', { headers: paid.headers })).json()) as {
      reward: { status: string };
    };
    expect(tipView.reward.status).toBe('paid');
    // Reward, payout and unseal events name claims and requests, never a reporter account.
    const events = (
      (await (await server.api('/audit/events?limit=500', { token: token.auditor1 })).json()) as {
        items: Array<{ action: string }>;
      }
    ).items.filter((event) => /^(reward|payout|unseal)\./.test(event.action));
    expect(events.length).toBeGreaterThanOrEqual(10);
    seen.push(JSON.stringify(events));
    const all = [...seen, server.logLines.join('\n')].join('\n');
    for (const value of personal) expect(all, value).not.toContain(value);
    expect(all).not.toMatch(/rep_[0-9a-z]{26}/);
    expect(all).not.toContain(shares[0]!.split('.')[2]);

    // The single legitimate opening: the requester, with the one-time key, after k shares.
    await server.api(`/unseal-requests/${request.id}/shares`, {
      token: token.auditor2,
      json: { share: shares[2] },
    });
    const opened = await server.api(`/unseal-requests/${request.id}`, {
      token: token.auditor1,
      headers: { 'ezhili-unseal-key': request.oneTimeKey },
    });
    expect(((await opened.json()) as { identity: { realName: string } }).identity.realName).toBe(
      reporters[0]!.realName,
    );
    for (const value of personal) expect(server.logLines.join('\n')).not.toContain(value);
  });
});
