import { DEMO_PLATFORM_ID } from '../platforms/demo-platform.js';
import type { DemoClient } from './demo-client.js';
import type { DemoReporter } from './demo-reporters.js';

export const INTAKE = 'intake@demo.local';
export const GULOU = 'district@demo.local';
export const DETACHMENT = 'detachment@demo.local';
export const COMMITTEE = 'committee@demo.local';
export const FINANCE = 'finance@demo.local';
export const ADMIN = 'admin@demo.local';

/** A tip as the demo submits it: about one of the demo platform's shops, or a shop by name. */
export interface DemoTip {
  shop: string | { name: string; address: string };
  districtCode: string;
  category: string;
  description: string;
  insider?: boolean;
}

export interface DemoCase {
  caseId: string;
  identityCode: string;
  receiptSecret: string;
  /** The handler's unit login once triaged (Gulou bureau or the detachment). */
  unit?: string;
}

/**
 * The steps of the demo's stories, each one call of the public API as the user who takes it
 * (reporter, intake officer, handler, committee, finance, the platform).
 */
export function demoSteps(c: DemoClient) {
  const HOUR = 3_600_000;
  return {
    async register(reporter: DemoReporter): Promise<void> {
      await c.call('POST', '/reporter/accounts', reporter);
    },

    /** Logs the reporter in (sessions expire, and the demo's clock moves on by days). */
    async session(reporter: DemoReporter): Promise<string> {
      const body = { phone: reporter.phone, passphrase: reporter.passphrase };
      return (await c.call<{ token: string }>('POST', '/reporter/sessions', body)).token;
    },

    /** Submits a tip (anonymously, or with a reporter session) and finds its case as intake. */
    async tip(tip: DemoTip, reporter?: DemoReporter): Promise<DemoCase> {
      const session = reporter && (await this.session(reporter));
      const observedAt = new Date(c.clock.now().getTime() - 20 * HOUR).toISOString();
      const receipt = await c.call<{ identityCode: string; receiptSecret: string }>(
        'POST',
        '/tips',
        {
          description: tip.description,
          shop:
            typeof tip.shop === 'string'
              ? { platformId: DEMO_PLATFORM_ID, platformShopId: tip.shop }
              : tip.shop,
          districtCode: tip.districtCode,
          category: tip.category,
          observedAt,
          insider: tip.insider ?? true,
        },
        { ...(session && { token: session }) },
      );
      const received = await c.call<{ items: Array<{ id: string; identityCode: string }> }>(
        'GET',
        '/cases?state=received&limit=100',
        undefined,
        { token: await c.staff(INTAKE) },
      );
      const found = received.items.find((item) => item.identityCode === receipt.identityCode);
      if (!found) throw new Error('demo data: a submitted tip has no case in the intake queue');
      return { caseId: found.id, ...receipt };
    },

    async accept(kase: DemoCase, classification: 'general' | 'complex', reason?: string) {
      await c.call(
        'POST',
        `/cases/${kase.caseId}/triage`,
        { decision: 'accept', classification, ...(reason && { reason }) },
        { token: await c.staff(INTAKE) },
      );
      kase.unit = classification === 'general' ? GULOU : DETACHMENT;
    },

    async triage(kase: DemoCase, body: Record<string, unknown>) {
      await c.call('POST', `/cases/${kase.caseId}/triage`, body, { token: await c.staff(INTAKE) });
    },

    async transition(kase: DemoCase, body: Record<string, unknown>) {
      await c.call('POST', `/cases/${kase.caseId}/transitions`, body, { token: await c.staff(kase.unit!) });
    },

    /** The unit's handler takes the case as its officer ("my cases"). */
    async take(kase: DemoCase) {
      const token = await c.staff(kase.unit ?? INTAKE);
      const me = await c.call<{ id: string }>('GET', '/staff/me', undefined, { token });
      await c.call('POST', `/cases/${kase.caseId}/officer`, { officerId: me.id }, { token });
    },

    async note(kase: DemoCase, body: string) {
      await c.call(
        'POST',
        `/cases/${kase.caseId}/notes`,
        { body },
        { token: await c.staff(kase.unit ?? INTAKE) },
      );
    },

    async messageReporter(kase: DemoCase, body: string) {
      await c.call(
        'POST',
        `/cases/${kase.caseId}/messages`,
        { body },
        { token: await c.staff(kase.unit ?? INTAKE) },
      );
    },

    async reporterReplies(kase: DemoCase, body: string) {
      await c.call('POST', '/tip/messages', { body }, { headers: receiptHeaders(kase) });
    },

    /** Closes with a confirmed violation and its fine (fen). */
    async confirm(kase: DemoCase, penaltyFen: number, summary: string) {
      await this.transition(kase, { action: 'close', outcome: 'violation_confirmed', penaltyFen, summary });
    },

    /** The reporter claims: logged in, or with the receipt and an account to attach (anonymous tip). */
    async claim(kase: DemoCase, how: { loggedIn: DemoReporter } | { attach: DemoReporter }): Promise<string> {
      await c.call(
        'POST',
        '/rewards/claims',
        'attach' in how
          ? { attachAccount: { phone: how.attach.phone, passphrase: how.attach.passphrase } }
          : {},
        'attach' in how
          ? { headers: receiptHeaders(kase) }
          : { token: await this.session(how.loggedIn), headers: receiptHeaders(kase) },
      );
      const claims = await c.call<{ items: Array<{ id: string; caseId: string }> }>(
        'GET',
        '/rewards/claims?limit=100',
        undefined,
        { token: await c.staff(COMMITTEE) },
      );
      const claim = claims.items.find((item) => item.caseId === kase.caseId);
      if (!claim) throw new Error('demo data: a claim is missing from the committee’s list');
      return claim.id;
    },

    async propose(kase: DemoCase, claimId: string, level: number, reasons: string) {
      await c.call(
        'POST',
        `/rewards/claims/${claimId}/proposal`,
        { level, internalWhistleblower: true, reasons },
        { token: await c.staff(kase.unit!) },
      );
    },

    async determine(claimId: string) {
      await c.call(
        'POST',
        `/rewards/claims/${claimId}/determination`,
        {},
        { token: await c.staff(COMMITTEE) },
      );
    },

    async approvePayout(claimId: string) {
      await c.call(
        'POST',
        `/rewards/claims/${claimId}/payout-approval`,
        { note: 'Demo payout batch' },
        { token: await c.staff(FINANCE) },
      );
    },

    /** A lead to the demo platform about a case's shop (as the case's unit) or about a shop. */
    async lead(body: Record<string, unknown>, as: string): Promise<string> {
      return (await c.call<{ id: string }>('POST', '/leads', body, { token: await c.staff(as) })).id;
    },

    async acknowledge(leadId: string, note: string) {
      await c.platform('POST', `/platforms/${DEMO_PLATFORM_ID}/leads/${leadId}/acknowledgement`, { note });
    },

    async reportAction(leadId: string, action: string, note: string) {
      await c.platform('POST', `/platforms/${DEMO_PLATFORM_ID}/leads/${leadId}/action`, {
        action,
        at: new Date(c.clock.now().getTime() - HOUR).toISOString(),
        note,
      });
    },

    async requestRelisting(shopId: string, summary: string): Promise<string> {
      const request = await c.platform<{ id: string }>(
        'POST',
        `/platforms/${DEMO_PLATFORM_ID}/relisting-requests`,
        {
          shopId,
          review: {
            checklist: [
              { item: 'Kitchen cleaned and disinfected', passed: true },
              { item: 'Food stored off the floor, raw apart from cooked', passed: true },
              { item: 'Staff health certificates current', passed: true, note: 'Four certificates checked.' },
            ],
            licence: { number: 'JY13501020000001', expiresOn: '2027-06-30' },
            rectificationEvidence: [
              { description: 'Photos of the rectified kitchen, taken by our inspector.' },
            ],
            summary,
          },
        },
      );
      return request.id;
    },

    async decideRelisting(requestId: string, outcome: 'approved' | 'rejected', reasons: string) {
      await c.call(
        'POST',
        `/relisting-requests/${requestId}/decision`,
        { outcome, reasons },
        { token: await c.staff(GULOU) },
      );
    },
  };
}

const receiptHeaders = (kase: DemoCase) => ({
  'ezhili-identity-code': kase.identityCode,
  'ezhili-receipt-secret': kase.receiptSecret,
});

/** The registry's id of a demo platform shop (`demo-2001` → `shop_demo_2001`). */
export const shopIdOf = (platformShopId: string) => `shop_${platformShopId.replace('-', '_')}`;
