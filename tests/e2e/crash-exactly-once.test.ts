import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashableServer } from '../support/crash-server.js';
import { eventually } from '../support/platform-fixtures.js';
import { distinctiveReporters, makeNoiseJpeg } from './whistleblower-fixtures.js';

/**
 * Exactly once under real crashes (issue 15.1): a real server process is SIGKILLed — by itself at
 * each named commit point (`EZHILI_CRASH_AT`, honoured only with EZHILI_ENV=test), and by this
 * test at random moments under concurrent load — while it takes tips (JSON and multipart with a
 * photo), reporters' replies and leads (with their webhook delivery). After each kill it is started
 * again on the same data folder and every client retries with its own Idempotency-Key. At the end:
 * no tip, reply or lead lost or duplicated, every client holds its answer (identical to the first
 * one where that was sent), every lead reached the platform under one webhook-id, no blob without
 * its evidence row, no spool file, no process left over.
 */

const ROUNDS = Number(process.env.CRASH_TEST_ROUNDS ?? 1);

type Kind = 'tip' | 'tip-photo' | 'reply' | 'lead' | 'payout';

interface Client {
  kind: Kind;
  key: string;
  payload: string;
  /** The answer the first try received, if any did before the crash. */
  first?: { status: number; body: string };
  /** The answer that settled it (first or a retry's). */
  final?: { status: number; body: string; replayed: boolean };
  tries: number;
}

interface Figures {
  lives: number;
  selfKills: Record<string, number>;
  randomKills: number;
  requests: number;
  connectionsLost: number;
  retriesReplayed: number;
  retriesRanAfresh: number;
  payoutRetriesResumed: number;
}

const PHOTO = makeNoiseJpeg(64, 48);
const TIP_POINTS = ['idempotency.before-commit', 'idempotency.after-commit'];
const PHOTO_POINTS = ['evidence.spooled', 'evidence.stored', ...TIP_POINTS];
const PAYOUT_POINTS = ['payout.after-transfer', ...TIP_POINTS];

describe('exactly once under SIGKILL', () => {
  let server: CrashableServer;
  let receiver: Server;
  const deliveries: Array<{ webhookId: string; body: string }> = [];
  const clients: Client[] = [];
  const figures: Figures = {
    lives: 0,
    selfKills: {},
    randomKills: 0,
    requests: 0,
    connectionsLost: 0,
    retriesReplayed: 0,
    retriesRanAfresh: 0,
    payoutRetriesResumed: 0,
  };
  let reporter: { identityCode: string; receiptSecret: string };
  const shops: string[] = [];
  const claims: string[] = [];
  const payee = distinctiveReporters()[0]!;
  let registered = false;
  /** The demo data's own evidence files. */
  let evidenceBefore = 0;
  let sequence = 0;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push({
          webhookId: String(request.headers['webhook-id']),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-crash-'));
    server = new CrashableServer(dataDir, {
      DATABASE_URL: `file:${join(dataDir, 'ezhili.db')}`,
      WEBHOOK_POLL_INTERVAL_MS: '20',
      PAYOUT_LEASE_SECONDS: '1',
      PAYOUT_SWEEP_SECONDS: '1',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    await server.start();
    figures.lives += 1;
    const db = server.database();
    await db.execute({
      sql: `UPDATE platforms SET webhook_url = ?, webhook_enabled = 1 WHERE id = 'plt_demo'`,
      args: [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`],
    });
    // A shop has one open lead at a time: each lead client reports its own shop.
    const now = new Date().toISOString();
    for (let i = 0; i < 100 * ROUNDS; i++) shops.push(`shop_crash_${i}`);
    await db.batch(
      shops.map((id, i) => ({
        sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, online, created_at, updated_at)
              VALUES (?, 'plt_demo', ?, ?, '350102', 1, ?, ?)`,
        args: [id, `crash-${i}`, `Crash Test Shop ${i}`, now, now],
      })),
      'write',
    );
    db.close();
    const first = await fetch(`${server.url}/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: tipBody('the reporter who replies'),
    });
    expect(first.status).toBe(201);
    reporter = (await first.json()) as typeof reporter;
    for (let i = 0; i < PAYOUT_POINTS.length * ROUNDS; i++) claims.push(await claimReadyForPayout());
    const before = server.database();
    evidenceBefore = Number((await before.execute('SELECT count(*) AS n FROM evidence')).rows[0]!.n);
    before.close();
  }, 300_000);

  /** A closed case's reward claim, proposed and determined: what finance then approves. */
  async function claimReadyForPayout(): Promise<string> {
    const api = async (
      who: string,
      path: string,
      init: { json?: unknown; headers?: Record<string, string> },
    ) => {
      const response = await fetch(`${server.url}${path}`, {
        method: init.json === undefined ? 'GET' : 'POST',
        headers: {
          ...(who && { authorization: `Bearer ${await staffToken(who)}` }),
          ...(init.json !== undefined && { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
      });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    if (!registered) {
      await api('', '/reporter/accounts', { json: payee });
      registered = true;
    }
    const receipt = await api('', '/tips', { json: JSON.parse(tipBody('for a reward')) });
    const cases = (await api('intake', '/cases', {})) as {
      items: Array<{ id: string; identityCode: string }>;
    };
    const caseId = cases.items.find((item) => item.identityCode === receipt.identityCode)!.id;
    await api('intake', `/cases/${caseId}/triage`, {
      json: { decision: 'accept', classification: 'general' },
    });
    await api('district', `/cases/${caseId}/transitions`, { json: { action: 'investigate' } });
    await api('district', `/cases/${caseId}/transitions`, {
      json: { action: 'close', outcome: 'violation_confirmed', penaltyFen: 40_000_000, summary: 'Fined.' },
    });
    await api('', '/rewards/claims', {
      headers: {
        'ezhili-identity-code': String(receipt.identityCode),
        'ezhili-receipt-secret': String(receipt.receiptSecret),
      },
      json: { attachAccount: { phone: payee.phone, passphrase: payee.passphrase } },
    });
    const list = (await api('committee', '/rewards/claims', {})) as {
      items: Array<{ id: string; caseId: string }>;
    };
    const claimId = list.items.find((item) => item.caseId === caseId)!.id;
    await api('district', `/rewards/claims/${claimId}/proposal`, {
      json: { level: 3, internalWhistleblower: false, reasons: 'Clues and photos.' },
    });
    await api('committee', `/rewards/claims/${claimId}/determination`, { json: {} });
    return claimId;
  }

  afterAll(async () => {
    await server?.kill();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  function tipBody(label: string): string {
    return JSON.stringify({
      description: `Crash test tip ${label}: raw chicken thawing on the floor by the back door.`,
      shop: { name: 'Crash Test Noodles', address: '1 Crash Rd' },
      districtCode: '350102',
      category: 'expired_or_spoiled_ingredients',
      observedAt: new Date(Date.now() - 60_000).toISOString(),
    });
  }

  function newClient(kind: Kind): Client {
    const n = ++sequence;
    const payload =
      kind === 'tip' || kind === 'tip-photo'
        ? tipBody(`#${n}`)
        : kind === 'reply'
          ? JSON.stringify({ body: `Crash test reply #${n}: they did it again this morning.` })
          : kind === 'payout'
            ? claims.shift()!
            : JSON.stringify({
                source: 'shop',
                shopId: shops.shift(),
                summary: `Crash test lead #${n}`,
                violationCategory: 'no_valid_licence',
              });
    const client: Client = { kind, key: `crash-${kind}-${n}-${crypto.randomUUID()}`, payload, tries: 0 };
    clients.push(client);
    return client;
  }

  const tokens = new Map<string, string>();
  /** A demo staff member's token, logged in afresh on each new server life. */
  async function staffToken(who = 'intake'): Promise<string> {
    const cached = tokens.get(`${server.url} ${who}`);
    if (cached) return cached;
    const response = await fetch(`${server.url}/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${who}@demo.local`, password: 'demo' }),
    });
    const { token } = (await response.json()) as { token: string };
    tokens.set(`${server.url} ${who}`, token);
    return token;
  }

  async function request(client: Client): Promise<Response> {
    const headers: Record<string, string> = { 'idempotency-key': client.key };
    let body: BodyInit = client.payload;
    let path = '/tips';
    if (client.kind === 'tip-photo') {
      const form = new FormData();
      form.set('tip', client.payload);
      form.set('evidence', new Blob([new Uint8Array(PHOTO)], { type: 'image/jpeg' }), 'photo.jpg');
      body = form;
    } else {
      headers['content-type'] = 'application/json';
    }
    if (client.kind === 'reply') {
      path = '/tip/messages';
      headers['ezhili-identity-code'] = reporter.identityCode;
      headers['ezhili-receipt-secret'] = reporter.receiptSecret;
    }
    if (client.kind === 'lead') {
      path = '/leads';
      headers.authorization = `Bearer ${await staffToken()}`;
    }
    if (client.kind === 'payout') {
      path = `/rewards/claims/${client.payload}/payout-approval`;
      headers.authorization = `Bearer ${await staffToken('finance')}`;
      body = '{}';
    }
    return fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  }

  /** One try; a connection the crash cut is not an answer. */
  async function send(client: Client): Promise<boolean> {
    client.tries += 1;
    figures.requests += 1;
    let response: Response;
    let text: string;
    try {
      response = await request(client);
      text = await response.text();
    } catch {
      figures.connectionsLost += 1;
      return false;
    }
    if (response.status === 409 && text.includes('idempotency_in_progress')) return false;
    const answer = {
      status: response.status,
      body: text,
      replayed: response.headers.has('idempotent-replayed'),
    };
    if (client.tries === 1) client.first = answer;
    else if (answer.replayed) figures.retriesReplayed += 1;
    else figures.retriesRanAfresh += 1;
    expect(answer.status, `${client.kind} ${text}`).toBe(client.kind === 'payout' ? 200 : 201);
    // A retry that resumed an approval whose first run committed part of it (before the transfer).
    if (client.kind === 'payout' && client.tries > 1 && !answer.replayed) figures.payoutRetriesResumed += 1;
    client.final = answer;
    return true;
  }

  /** Every client without an answer tries again with its key, until answered or the server dies. */
  async function retryOutstanding(): Promise<void> {
    for (const client of clients) {
      if (client.final || !server.alive) continue;
      await send(client);
    }
  }

  async function life(crashAt: string | undefined, work: () => Promise<void>): Promise<void> {
    const started = Date.now();
    await server.start(crashAt);
    if (process.env.CRASH_TEST_TRACE)
      console.log(`life ${crashAt ?? 'random'}: started in ${Date.now() - started} ms`);
    figures.lives += 1;
    await retryOutstanding();
    if (server.alive) await work();
    const signal = await server.exited();
    expect(signal).toBe('SIGKILL');
    if (crashAt) {
      const point = crashAt.split('@')[0]!;
      figures.selfKills[point] = (figures.selfKills[point] ?? 0) + 1;
    }
  }

  /** Sends new clients of `kind` one by one until the server has killed itself at its point. */
  const untilCrash =
    (kind: Kind, most = 8) =>
    async () => {
      for (let i = 0; i < most && server.alive; i++) await send(newClient(kind));
      // A crash after the answer (a payout's transfer goes on after the approval) comes a moment later.
      await eventually(async () => (server.alive ? undefined : true), 10_000).catch(() => undefined);
      if (server.alive) {
        // The point was not reached by these requests: the crash plan is broken.
        await server.kill();
        throw new Error(`no crash within ${most} ${kind} requests`);
      }
    };

  const pass = () => 1 + Math.floor(Math.random() * 2);

  it('loses and duplicates nothing, and every client gets its answer', async () => {
    await server.kill(); // the set-up life ends with a crash too
    figures.randomKills += 1;
    for (let round = 0; round < ROUNDS; round++) {
      for (const point of TIP_POINTS) await life(`${point}@${pass()}`, untilCrash('tip'));
      for (const point of PHOTO_POINTS) await life(`${point}@${pass()}`, untilCrash('tip-photo'));
      for (const point of TIP_POINTS) await life(`${point}@${pass()}`, untilCrash('reply'));
      for (const point of TIP_POINTS) await life(`${point}@${pass()}`, untilCrash('lead'));
      for (const point of PAYOUT_POINTS) await life(`${point}@1`, untilCrash('payout', 1));
      // A lead's webhook: the worker dies right after the platform received it.
      await life('webhook.after-send@1', async () => {
        await send(newClient('lead'));
        await eventually(async () => (server.alive ? undefined : true));
      });
      // Random moments under concurrent load of every kind.
      for (let i = 0; i < 3; i++) {
        await life(undefined, async () => {
          const kinds: Kind[] = ['tip', 'tip-photo', 'reply', 'lead', 'tip', 'tip-photo'];
          const inFlight = kinds.map((kind) => send(newClient(kind)));
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 250));
          await server.kill();
          figures.randomKills += 1;
          await Promise.all(inFlight);
        });
      }
    }

    // The last life: nothing planned; every client settles.
    await server.start();
    figures.lives += 1;
    for (let attempt = 0; attempt < 5 && clients.some((client) => !client.final); attempt++) {
      await retryOutstanding();
      if (clients.some((client) => !client.final)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(clients.filter((client) => !client.final).map((client) => client.key)).toEqual([]);

    // A retry of an answered client returns that same answer, secrets included.
    for (const client of clients.filter((c) => c.first)) {
      const again = await request(client);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.text()).toBe(client.first!.body);
    }

    const db = server.database();
    const count = async (sql: string) => Number((await db.execute(sql)).rows[0]!.n);
    const tips = clients.filter((client) => client.kind === 'tip' || client.kind === 'tip-photo');
    const receipts = tips.map((client) => JSON.parse(client.final!.body) as typeof reporter);
    // No tip lost, none duplicated: one case per client (and the reporter's own), each receipt opens it.
    expect(new Set(receipts.map((receipt) => receipt.identityCode)).size).toBe(tips.length);
    expect(await count(`SELECT count(*) AS n FROM cases WHERE description LIKE 'Crash test tip #%'`)).toBe(
      tips.length,
    );
    for (const receipt of receipts) {
      const opened = await fetch(`${server.url}/tip`, {
        headers: {
          'ezhili-identity-code': receipt.identityCode,
          'ezhili-receipt-secret': receipt.receiptSecret,
        },
      });
      expect(opened.status).toBe(200);
      await opened.body?.cancel();
    }
    const photos = clients.filter((client) => client.kind === 'tip-photo').length;
    expect((await count('SELECT count(*) AS n FROM evidence')) - evidenceBefore).toBe(photos);

    const replies = clients.filter((client) => client.kind === 'reply').length;
    expect(
      await count(
        `SELECT count(*) AS n FROM messages WHERE sender = 'reporter' AND body LIKE 'Crash test reply #%'`,
      ),
    ).toBe(replies);
    const replyIds = clients
      .filter((client) => client.kind === 'reply')
      .map((client) => (JSON.parse(client.final!.body) as { id: string }).id);
    expect(new Set(replyIds).size).toBe(replies);

    // Every lead once, and delivered to the platform under one webhook-id however often it was sent.
    const leads = clients.filter((client) => client.kind === 'lead');
    const leadIds = leads.map((client) => (JSON.parse(client.final!.body) as { id: string }).id);
    expect(new Set(leadIds).size).toBe(leads.length);
    expect(await count(`SELECT count(*) AS n FROM leads WHERE summary LIKE 'Crash test lead #%'`)).toBe(
      leads.length,
    );
    await eventually(async () => {
      const delivered = new Set(deliveries.map((delivery) => delivery.body));
      return leadIds.every((id) => [...delivered].some((body) => body.includes(id))) ? true : undefined;
    }, 30_000);
    for (const id of leadIds) {
      const ids = new Set(deliveries.filter((d) => d.body.includes(id)).map((d) => d.webhookId));
      expect(ids.size, `webhook-ids of lead ${id}`).toBe(1);
    }
    const redelivered = deliveries.length - new Set(deliveries.map((d) => d.webhookId)).size;

    // Every approved payout paid exactly once: one ledger transfer per payout, none twice.
    const approvals = clients.filter((client) => client.kind === 'payout');
    const finance = await staffToken('finance');
    for (const client of approvals) {
      await eventually(async () => {
        const view = await fetch(`${server.url}/rewards/claims/${client.payload}`, {
          headers: { authorization: `Bearer ${finance}` },
        });
        return ((await view.json()) as { state: string }).state === 'paid' ? true : undefined;
      }, 20_000);
    }
    const payoutKeys = await db.execute(
      `SELECT idempotency_key FROM payouts WHERE claim_id IN (${approvals.map(() => '?').join(',')})`,
      approvals.map((client) => client.payload),
    );
    expect(payoutKeys.rows).toHaveLength(approvals.length);
    const ledger = readFileSync(join(server.dataDir, 'payout-ledger.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { idempotencyKey: string });
    for (const row of payoutKeys.rows) {
      expect(ledger.filter((entry) => entry.idempotencyKey === String(row.idempotency_key))).toHaveLength(1);
    }

    // No blob without its evidence row, no spool file (the start-up sweep removes a dead
    // process's uploads and the blobs of its uncommitted files).
    const rows = new Set((await db.execute('SELECT id FROM evidence')).rows.map((row) => String(row.id)));
    const blobs = ['evidence', 'originals'].flatMap((folder) => {
      const dir = join(server.dataDir, 'evidence', folder);
      return existsSync(dir) ? readdirSync(dir) : [];
    });
    expect(blobs.filter((name) => !rows.has(name.split('.')[0]!))).toEqual([]);
    await eventually(async () => {
      const dir = join(server.dataDir, 'evidence-incoming');
      return !existsSync(dir) || readdirSync(dir).length === 0 ? true : undefined;
    });
    db.close();

    // No process outlives the server that started it.
    await server.kill();
    figures.randomKills += 1;
    await eventually(async () => (server.survivors().length === 0 ? true : undefined), 5_000);
    expect(server.descendants.size).toBeGreaterThan(0); // exiftool ran and was watched

    const kills = Object.values(figures.selfKills).reduce((a, b) => a + b, 0) + figures.randomKills;
    const summary = {
      rounds: ROUNDS,
      serverLives: figures.lives,
      kills,
      killsAtCommitPoints: figures.selfKills,
      randomKills: figures.randomKills,
      requests: figures.requests,
      connectionsCut: figures.connectionsLost,
      retriesReplayed: figures.retriesReplayed,
      retriesRanAfresh: figures.retriesRanAfresh,
      clients: clients.length,
      tips: tips.length,
      photos,
      replies,
      leads: leads.length,
      payouts: approvals.length,
      payoutRetriesResumed: figures.payoutRetriesResumed,
      webhookRedeliveries: redelivered,
      lost: 0,
      duplicated: 0,
      orphanBlobs: 0,
      spoolFiles: 0,
      strayProcesses: 0,
      childProcessesWatched: server.descendants.size,
    };
    console.log(`crash-exactly-once: ${JSON.stringify(summary)}`);
  }, 900_000);
});
