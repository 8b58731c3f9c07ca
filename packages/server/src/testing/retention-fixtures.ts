import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_SETTINGS } from '../evidence/evidence-config.js';
import { makeJpeg, multipartForm } from './evidence-fixtures.js';
import { rewardTestPerson } from './reward-test-fixtures.js';
import type { TestApp } from './test-app.js';

/** A string that occurs nowhere else, to look for in the database file's bytes. */
export const uniqueMarker = (label: string) => `${label}-${randomBytes(9).toString('hex')}`;

export interface SeededCase {
  caseId: string;
  identityCode: string;
  reporterId: string;
  evidenceIds: string[];
  markers: { description: string; message: string; note: string };
}

/**
 * A whole closed case through the real routes: a registered reporter's tip with a photo, triaged,
 * investigated, a message each way and a note, closed without a violation (no reward to keep it).
 */
export async function seedClosedCase(t: TestApp, n: number): Promise<SeededCase> {
  const markers = {
    description: uniqueMarker('desc'),
    message: uniqueMarker('msg'),
    note: uniqueMarker('note'),
  };
  const person = rewardTestPerson(n);
  const registered = await t.request('/reporter/accounts', { json: person });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const token = ((await registered.json()) as { token: string }).token;
  const submitted = await t.request('/tips', {
    method: 'POST',
    token,
    body: multipartForm([
      [
        'tip',
        JSON.stringify({
          description: `Rats in the kitchen ${markers.description}`,
          districtCode: '350102',
          category: 'unhygienic_kitchen',
          observedAt: t.clock.now().toISOString(),
          shop: { name: 'Golden Wok', address: '8 Gutian Rd' },
        }),
      ],
      ['evidence', new Blob([new Uint8Array(makeJpeg())], { type: 'image/jpeg' }), 'a.jpg'],
    ]),
  });
  if (submitted.status !== 201) throw new Error(`submitTip: ${submitted.status} ${await submitted.text()}`);
  const receipt = (await submitted.json()) as { identityCode: string; receiptSecret: string };
  const row = (
    await t.ctx.db.execute({
      sql: 'SELECT c.id, t.reporter_id FROM cases c JOIN tips t ON t.case_id = c.id WHERE c.identity_code = ?',
      args: [receipt.identityCode],
    })
  ).rows[0]!;
  const caseId = String(row.id);
  const intake = await t.login('intake@demo.local');
  const handler = await t.login('district@demo.local');
  const tipHeaders = {
    'ezhili-identity-code': receipt.identityCode,
    'ezhili-receipt-secret': receipt.receiptSecret,
  };
  const steps: Array<[string, { token?: string; headers?: Record<string, string> }, unknown]> = [
    [`/cases/${caseId}/triage`, { token: intake }, { decision: 'accept', classification: 'general' }],
    [`/cases/${caseId}/transitions`, { token: handler }, { action: 'investigate' }],
    ['/tip/messages', { headers: tipHeaders }, { body: `It was on Tuesday ${markers.message}` }],
    [`/cases/${caseId}/messages`, { token: handler }, { body: 'Thank you, we will inspect.' }],
    [`/cases/${caseId}/notes`, { token: handler }, { body: `Inspected ${markers.note}` }],
    [
      `/cases/${caseId}/transitions`,
      { token: handler },
      { action: 'close', outcome: 'not_confirmed', summary: 'Nothing found on inspection.' },
    ],
  ];
  for (const [path, auth, json] of steps) {
    const response = await t.request(path, { ...auth, json });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  const evidence = await t.ctx.db.execute({
    sql: 'SELECT id FROM evidence WHERE case_id = ?',
    args: [caseId],
  });
  return {
    caseId,
    identityCode: receipt.identityCode,
    reporterId: String(row.reporter_id),
    evidenceIds: evidence.rows.map((r) => String(r.id)),
    markers,
  };
}

/** The database file and its WAL, as bytes on disk (what someone with the disk could read). */
export function databaseBytes(t: TestApp): Buffer {
  const path = t.ctx.db.filePath!;
  return Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
}

/** Every blob file under the evidence store's folder (relative paths). */
export function evidenceBlobs(t: TestApp): string[] {
  const dir = t.ctx.settings.of(EVIDENCE_SETTINGS).storeDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}
