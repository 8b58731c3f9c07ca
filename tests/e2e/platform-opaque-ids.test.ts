import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  platformKeyPair,
  registerPlatform,
  signedPlatformFetch,
} from '../support/platform-fixtures.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
/** An id shaped like `prefix_` + 26 Crockford base32 characters (a ULID after a prefix). */
const ULID_SHAPED = /\b([a-z][a-z0-9]*)_([0-9a-hjkmnp-tv-z]{26})\b/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const PLAUSIBLE = [Date.UTC(2000, 0, 1), Date.UTC(2200, 0, 1)] as const;

/** The millisecond a ULID-shaped id would encode in its first 10 characters. */
function decodedTime(body: string): number {
  let ms = 0;
  for (const char of body.slice(0, 10).toLowerCase()) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

/** Every id in what a platform received that encodes a plausible instant (ULID, UUID v1/v6/v7). */
function timeEncodingIds(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(ULID_SHAPED)) {
    const ms = decodedTime(match[2]!);
    if (ms >= PLAUSIBLE[0] && ms <= PLAUSIBLE[1]) found.push(`${match[0]} (${new Date(ms).toISOString()})`);
  }
  for (const match of text.matchAll(UUID)) {
    if (['1', '6', '7'].includes(match[1]!)) found.push(`${match[0]} (UUID v${match[1]})`);
  }
  return found;
}

/**
 * Everything a platform receives — its API answers, the webhooks and their headers — is searched
 * for ids that carry time (a ULID's first 48 bits are the millisecond it was made: the case id of
 * a lead dates the tip) and for the case behind the lead.
 */
describe('ids a platform receives carry no time and no case', () => {
  let server: E2eServer;
  let platformId: string;
  let call: ReturnType<typeof signedPlatformFetch>;
  const received: Array<{ what: string; text: string }> = [];
  const webhooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let receiver: ReturnType<typeof createServer>;

  const keep = async (what: string, response: Response, status: number) => {
    const text = await response.text();
    expect(response.status, `${what}: ${text}`).toBe(status);
    received.push({ what, text });
    return JSON.parse(text) as Record<string, unknown>;
  };

  beforeAll(async () => {
    server = await startE2eServer({ WEBHOOK_POLL_INTERVAL_MS: '50' });
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        webhooks.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const keys = await platformKeyPair('EdDSA');
    platformId = await registerPlatform(server, keys.publicJwk, {
      webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
    });
    call = signedPlatformFetch(server, platformId, keys.privateJwk);
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await server.close();
  });

  it('walks a lead from a case through take-down, relisting and a card, and decodes every id', async () => {
    const feed = await keep(
      'ingestShopFeed',
      await call('POST', `/platforms/${platformId}/shop-feed`, {
        shops: [{ platformShopId: 'opaque-1', name: 'Opaque Noodles', districtCode: '350102' }],
      }),
      200,
    );
    expect(feed).toMatchObject({ created: 1 });
    const receipt = await keep(
      'submitPlatformLead',
      await call('POST', `/platforms/${platformId}/submitted-leads`, {
        platformShopId: 'opaque-1',
        violationCategory: 'no_valid_licence',
        description: 'Listing shows an expired licence',
      }),
      201,
    );
    const caseId = String(
      (
        await server.ctx.db.execute({
          sql: 'SELECT case_id FROM platform_submitted_leads WHERE id = ?',
          args: [String(receipt.id)],
        })
      ).rows[0]!.case_id,
    );
    expect(caseId).toMatch(/^case_/);

    const intake = await server.login('intake@demo.local');
    const created = await server.api('/leads', {
      token: intake,
      json: { source: 'case', caseId, summary: 'Licence expired', violationCategory: 'no_valid_licence' },
    });
    expect(created.status).toBe(201);
    const staffLead = (await created.json()) as { id: string; caseId: string | null; shopId: string };
    // Staff keep the case; the platform does not.
    expect(staffLead.caseId).toBe(caseId);
    const leadId = staffLead.id;

    await eventually(async () => (webhooks.some((w) => w.body.includes('lead.created')) ? true : undefined));
    const pulled = await keep('listPlatformLeads', await call('GET', `/platforms/${platformId}/leads`), 200);
    expect(
      (pulled.items as Array<{ id: string; caseId: unknown }>).find((l) => l.id === leadId),
    ).toMatchObject({
      caseId: null,
    });
    await keep(
      'acknowledgeLead',
      await call('POST', `/platforms/${platformId}/leads/${leadId}/acknowledgement`, { note: 'Looking' }),
      200,
    );
    await keep(
      'reportLeadAction',
      await call('POST', `/platforms/${platformId}/leads/${leadId}/action`, {
        action: 'taken_down',
        at: server.ctx.clock.now().toISOString(),
      }),
      201,
    );
    const relisting = await keep(
      'createRelistingRequest',
      await call('POST', `/platforms/${platformId}/relisting-requests`, {
        shopId: staffLead.shopId,
        review: {
          checklist: [{ item: 'Licence renewed', passed: true }],
          licence: { number: 'JY13501020000009' },
          rectificationEvidence: [{ description: 'Renewed licence scan' }],
          summary: 'Licence renewed; asking to relist.',
        },
      }),
      201,
    );
    const decided = await server.api(`/relisting-requests/${relisting.id}/decision`, {
      token: await server.login('district@demo.local'),
      json: { outcome: 'approved', reasons: 'Licence verified.' },
    });
    expect(decided.status).toBe(200);
    const card = await server.api(`/platforms/${platformId}/cards`, {
      token: await server.login('admin@demo.local'),
      json: { color: 'yellow', reason: 'Late acknowledgements' },
    });
    expect(card.status).toBe(201);
    await eventually(async () =>
      webhooks.some((w) => w.body.includes('relisting.decided')) &&
      webhooks.some((w) => w.body.includes('card.issued'))
        ? true
        : undefined,
    );

    await keep('getPlatform', await call('GET', `/platforms/${platformId}`), 200);
    await keep('listPlatformLeads', await call('GET', `/platforms/${platformId}/leads`), 200);
    await keep('listRelistingRequests', await call('GET', '/relisting-requests'), 200);
    await keep('getRelistingRequest', await call('GET', `/relisting-requests/${relisting.id}`), 200);
    await keep(
      'getShopRelistingStatus',
      await call('GET', `/shops/${staffLead.shopId}/relisting-status`),
      200,
    );
    await keep('getPlatformScorecard', await call('GET', `/platforms/${platformId}/scorecard`), 200);
    await keep('listPlatformCards', await call('GET', `/platforms/${platformId}/cards`), 200);
    await keep('searchShops', await server.api('/shops/search?q=Opaque'), 200);
    for (const hook of webhooks)
      received.push({
        what: `webhook ${hook.body.slice(0, 40)}`,
        text: `${JSON.stringify(hook.headers)}\n${hook.body}`,
      });

    // The walk reached every kind of answer, and each carries ids worth decoding.
    expect(webhooks.map((w) => (JSON.parse(w.body) as { type: string }).type).sort()).toEqual([
      'card.issued',
      'lead.created',
      'relisting.decided',
    ]);
    const all = received.map((r) => r.text).join('\n');
    expect([...all.matchAll(ULID_SHAPED)].length).toBeGreaterThan(10);
    for (const { what, text } of received) {
      expect(timeEncodingIds(text), what).toEqual([]);
      expect(text, what).not.toContain(caseId);
    }
  });

  it('the decoder finds the time in an ordinary id (the check can fail)', () => {
    const at = Date.UTC(2026, 11, 3, 9, 0, 0);
    let time = '';
    for (let t = at, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
    expect(timeEncodingIds(`{"caseId":"case_${time}abcdefghjkmnpqrs"}`)).toHaveLength(1);
    expect(timeEncodingIds('"id":"0192d3a4-5b6c-7d8e-9f00-112233445566"')).toHaveLength(1);
  });
});
