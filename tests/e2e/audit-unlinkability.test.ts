import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

/**
 * The audit log does not let anyone join a reporter's claims or tips (issue 15.2): one reporter
 * makes two tips, claims both rewards and changes their bank account between them; both rewards
 * are paid (each opening the payout envelope). A second reporter does the same once, as the
 * control. Every audit event is read back; the events of each claim (those naming its claim,
 * case or identity code) and of each account change are collected, and any value two of the first
 * reporter's groups share — that the control's groups do not also share — would join them: an
 * identity version, an account id, an envelope reference, a session. There must be none.
 */

function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
const person = (n: number) => ({
  realName: `链接测试${n}`,
  residentId: residentId(`3501021988010${n}123`),
  phone: `1390000${String(n).padStart(4, '0')}`,
  bankAccount: {
    bankName: '链接测试银行',
    accountNumber: `62220000${n}11112222`,
    accountName: `链接测试${n}`,
  },
  passphrase: `unlinkability passphrase ${n}`,
});

type AuditEvent = Record<string, unknown> & { action: string; seq: number };
/** Fields every chained event carries that say nothing about a reporter: position, time, chain hashes. */
const STRUCTURE = new Set(['seq', 'at', 'hash', 'prevHash', 'contentHash', 'id']);
const TIME = /^\d{4}-\d{2}-\d{2}T/;

function leafValues(value: unknown, key = '', out = new Set<string>()): Set<string> {
  if (STRUCTURE.has(key)) return out;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leafValues(v, Array.isArray(value) ? key : k, out);
  } else if (value !== null && value !== undefined && !TIME.test(String(value))) {
    out.add(`${key}=${String(value)}`);
  }
  return out;
}

describe('audit events join no two claims or tips of one reporter (end to end)', () => {
  let server: E2eServer;
  const token: Record<string, string> = {};
  beforeAll(async () => {
    server = await startE2eServer();
    for (const who of ['intake', 'district', 'committee', 'finance', 'auditor1']) {
      token[who] = await server.login(`${who}@demo.local`);
    }
  });
  afterAll(() => server.close());

  async function paidClaim(session: string) {
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
    const { identityCode } = (await submitted.json()) as { identityCode: string };
    const cases = (await (await server.api('/cases', { token: token.intake })).json()) as {
      items: Array<{ id: string; identityCode: string }>;
    };
    const caseId = cases.items.find((item) => item.identityCode === identityCode)!.id;
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
    const claimed = await server.api('/rewards/claims', {
      token: session,
      headers: { 'ezhili-identity-code': identityCode },
      json: {},
    });
    expect(claimed.status, await claimed.clone().text()).toBe(201);
    const claims = (await (await server.api('/rewards/claims', { token: token.committee })).json()) as {
      items: Array<{ id: string; caseId: string }>;
    };
    const claimId = claims.items.find((item) => item.caseId === caseId)!.id;
    const steps = [
      ['district', 'proposal', { level: 1, internalWhistleblower: true, reasons: 'Insider with photos.' }],
      ['committee', 'determination', {}],
      ['finance', 'payout-approval', { note: 'batch 1' }],
    ] as const;
    for (const [who, step, json] of steps) {
      const response = await server.api(`/rewards/claims/${claimId}/${step}`, { token: token[who], json });
      expect(response.status, `${step}: ${await response.clone().text()}`).toBeLessThan(300);
    }
    return { caseId, claimId, identityCode };
  }

  async function changeBank(session: string, n: number, suffix: string) {
    const response = await server.api('/reporter/profile', {
      method: 'PATCH',
      token: session,
      json: {
        currentPassphrase: person(n).passphrase,
        bankAccount: { ...person(n).bankAccount, accountNumber: `62220000${n}3333${suffix}` },
      },
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  it('shares no value between one reporter’s claims and account changes that the control does not share', async () => {
    const sessions: string[] = [];
    for (const n of [1, 2]) {
      const registered = await server.api('/reporter/accounts', { json: person(n) });
      expect(registered.status).toBe(201);
      sessions.push(((await registered.json()) as { token: string }).token);
    }
    const first = await paidClaim(sessions[0]!);
    await changeBank(sessions[0]!, 1, '4444');
    const second = await paidClaim(sessions[0]!);
    const control = await paidClaim(sessions[1]!);
    await changeBank(sessions[1]!, 2, '5555');

    const events: AuditEvent[] = [];
    for (let beforeSeq: number | undefined; ; ) {
      const page = (await (
        await server.api(`/audit/events?limit=500${beforeSeq ? `&beforeSeq=${beforeSeq}` : ''}`, {
          token: token.auditor1,
        })
      ).json()) as { items: AuditEvent[] };
      events.push(...page.items);
      if (page.items.length < 500) break;
      beforeSeq = page.items.at(-1)!.seq;
    }
    const naming = (ids: string[]) =>
      events.filter((event) => ids.some((id) => JSON.stringify(event).includes(id)));
    const values = (group: AuditEvent[]) => {
      const all = new Set<string>();
      for (const event of group) for (const v of leafValues(event)) all.add(v);
      return all;
    };
    const claimEvents = (c: typeof first) => naming([c.claimId, c.caseId, c.identityCode]);
    const updates = events.filter((event) => event.action === 'reporter.profile_updated');
    expect(updates).toHaveLength(2);
    const [firstUpdate, controlUpdate] = [...updates].sort((a, b) => a.seq - b.seq);
    const groups = {
      first: values(claimEvents(first)),
      second: values(claimEvents(second)),
      update: values([firstUpdate!]),
    };
    const controls = [values(claimEvents(control)), values([controlUpdate!])];
    // The walk made the events that could link: a payout envelope opened for each claim.
    expect(claimEvents(first).map((e) => e.action)).toContain('identity.payout_envelope_opened');
    expect(claimEvents(second).map((e) => e.action)).toContain('identity.payout_envelope_opened');
    const linking = (a: Set<string>, b: Set<string>) =>
      [...a].filter((v) => b.has(v) && !controls.some((control) => control.has(v)));
    expect({
      'first claim ↔ second claim': linking(groups.first, groups.second),
      'first claim ↔ account change': linking(groups.first, groups.update),
      'second claim ↔ account change': linking(groups.second, groups.update),
    }).toEqual({
      'first claim ↔ second claim': [],
      'first claim ↔ account change': [],
      'second claim ↔ account change': [],
    });
  });
});
