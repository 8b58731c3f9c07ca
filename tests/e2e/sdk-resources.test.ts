import { createClient, createPlatformClient, createReporterClient, EzhiliValidationError } from '@ezhili/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlatformKey } from '../support/platform-fixtures.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import { makeNoiseJpeg } from './whistleblower-fixtures.js';

/**
 * The SDK's resources against a real server, the way an integrator uses them: a reporter's tip
 * with a photo, staff walking every page of a list with `for await`, triaging, downloading the
 * photo as a stream, the auditor's chain check, and the demo platform's signed reads.
 */
describe('@ezhili/sdk resources against a real server', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server.close());

  it('submits a tip, pages through cases with for await, triages, and streams the evidence', async () => {
    const photo = makeNoiseJpeg(64, 48);
    const reporter = createReporterClient({ baseUrl: server.url });
    const tip = {
      description: 'Raw meat kept on the floor of the kitchen.',
      shop: { name: 'Minjiang Noodles', address: '12 Wuyi Road' },
      districtCode: '350102',
      category: 'unhygienic_kitchen',
      observedAt: '2026-11-20T09:30:00Z',
    } as const;
    await reporter.tips.submit({ ...tip, description: 'Frying oil reused for a week.' });
    const receipt = await reporter.tips.submit(tip, {
      evidence: [{ data: new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), name: 'kitchen.jpg' }],
    });
    expect(receipt.identityCode).toMatch(/^FZ-/);

    const intake = createClient({ baseUrl: server.url });
    await intake.staff.login({ email: 'intake@demo.local', password: 'demo' });
    // A page of one case at a time: the loop must follow nextCursor to reach every case.
    const seen: string[] = [];
    for await (const item of intake.cases.list({ state: 'received', limit: 1 })) seen.push(item.id);
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    const firstPage = await intake.cases.list({ state: 'received', limit: 1 });
    expect(firstPage.items).toHaveLength(1);
    expect(firstPage.nextCursor).toEqual(expect.any(String));

    // Newest first: the tip just submitted heads the intake queue.
    const caseId = seen[0]!;
    const detail = await intake.cases.get(caseId);
    expect(detail.evidence).toHaveLength(1);

    const download = await intake.cases.downloadEvidence(caseId, detail.evidence[0]!.id);
    expect(download.body).toBeInstanceOf(ReadableStream);
    expect(download.contentType).toBe('image/jpeg');
    const chunks: Uint8Array[] = [];
    for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.length).toBe(detail.evidence[0]!.size);

    // Triaged, the case leaves intake's queue for the district bureau.
    const triaged = await intake.cases.triage(caseId, { decision: 'accept', classification: 'general' });
    expect(triaged.state).not.toBe('received');

    // A body the contract refuses surfaces as a validation error with field details.
    const badBody = await intake.cases
      .triage(seen[1]!, { decision: 'nope' } as never)
      .catch((e: unknown) => e);
    expect(badBody).toBeInstanceOf(EzhiliValidationError);
    expect((badBody as EzhiliValidationError).errors[0]?.pointer).toMatch(/decision/);
  });

  it("verifies the audit chain as an auditor and reads the demo platform's own records, signed", async () => {
    const auditor = createClient({ baseUrl: server.url });
    await auditor.staff.login({ email: 'auditor1@demo.local', password: 'demo' });
    expect(await auditor.audit.verifyChain()).toMatchObject({ intact: true });

    const { platformId, privateJwk } = demoPlatformKey();
    const platform = createPlatformClient({ baseUrl: server.url, platformId, privateKey: privateJwk });
    expect(await platform.platforms.get()).toMatchObject({ id: platformId });
    expect(await platform.scorecards.get()).toMatchObject({ platformId });
    const leads: string[] = [];
    for await (const lead of platform.leads.list({ limit: 1 })) leads.push(lead.id);
    expect(new Set(leads).size).toBe(leads.length);
    const cards = await platform.scorecards.listCards();
    expect(Array.isArray(cards.items)).toBe(true);
  });

  it('places and releases a legal hold and reads the retention status as an auditor', async () => {
    const auditor = createClient({ baseUrl: server.url });
    await auditor.staff.login({ email: 'auditor1@demo.local', password: 'demo' });
    const caseId = (await auditor.cases.list({ limit: 1 })).items[0]!.id;
    const hold = await auditor.retention.placeHold(caseId, { reason: 'Appeal pending.' });
    expect(hold).toMatchObject({ caseId, reason: 'Appeal pending.' });
    expect((await auditor.cases.get(caseId)).legalHold).toEqual(hold);
    expect((await auditor.retention.status()).heldCases).toBeGreaterThanOrEqual(1);
    expect(await auditor.retention.releaseHold(caseId, { reason: 'Appeal withdrawn.' })).toMatchObject({
      caseId,
    });
    expect((await auditor.cases.get(caseId)).legalHold).toBeNull();
  });
});
