import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AUDIT_SHARES_FILE } from '../audit/audit-key.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili unseal request / share / open (k of n from a terminal)', () => {
  let t: TestApp;
  let server: ServerType;
  let url: string;
  let caseId: string;
  let redactionId: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await createTestApp();
    const tip = await submitTriagedTip(t, {
      description: '厨师张三丰不戴手套。',
      shop: { name: 'Riverside Noodles', address: '3 Jiangbin Rd' },
    });
    caseId = tip.caseId;
    const redacted = await t.request(`/cases/${caseId}/text-redactions`, {
      token: tip.handler,
      json: { target: { type: 'description' }, ranges: [{ start: 2, end: 5 }], reason: 'A name' },
    });
    redactionId = ((await redacted.json()) as { id: string }).id;
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await new Promise((resolve) => server.close(resolve));
    t.close();
  });

  const cli = async (args: string[], env: Record<string, string>) => {
    Object.assign(process.env, env);
    const out = captureOutput();
    const err = captureOutput();
    const code = await runCli([...args, '--server', url], out.stream, err.stream);
    return { code, out: out.text(), err: err.text() };
  };

  it('files a request, takes two auditors’ shares, refuses to open early, and opens the original once', async () => {
    const shares = (
      JSON.parse(readFileSync(join(t.dataDir, DEMO_AUDIT_SHARES_FILE), 'utf8')) as { shares: string[] }
    ).shares;
    const requester = { EZHILI_TOKEN: await t.login('auditor1@demo.local') };
    const filed = await cli(
      [
        'unseal',
        'request',
        '--case',
        caseId,
        '--redaction',
        redactionId,
        '--legal-basis',
        'Court order 42',
        '--reason',
        'The court reads the tip as written.',
      ],
      requester,
    );
    expect(filed.code).toBe(0);
    const [requestId, oneTimeKey] = filed.out.trim().split('\n');

    const shareFile = join(t.dataDir, 'share.txt');
    writeFileSync(shareFile, `${shares[0]}\n`);
    expect(
      (await cli(['unseal', 'share', '--request', requestId!, '--share-file', shareFile], requester)).out,
    ).toBe('pending (1 of 2)\n');

    const outFile = join(t.dataDir, 'original.txt');
    const early = await cli(['unseal', 'open', '--request', requestId!, '--out', outFile], {
      ...requester,
      EZHILI_UNSEAL_KEY: oneTimeKey!,
    });
    expect(early.code).toBe(2);
    expect(early.err).toContain('not_approved');

    writeFileSync(shareFile, `${shares[1]}\n`);
    const second = await cli(['unseal', 'share', '--request', requestId!, '--share-file', shareFile], {
      EZHILI_TOKEN: await t.login('auditor2@demo.local'),
    });
    expect(second.out).toBe('approved (2 of 2)\n');

    const opened = await cli(['unseal', 'open', '--request', requestId!, '--out', outFile], {
      ...requester,
      EZHILI_UNSEAL_KEY: oneTimeKey!,
    });
    expect(opened.code).toBe(0);
    expect(readFileSync(outFile, 'utf8')).toBe('厨师张三丰不戴手套。');
    expect(statSync(outFile).mode & 0o777).toBe(0o600);
    expect(opened.err).toContain(createHash('sha256').update('厨师张三丰不戴手套。').digest('hex'));

    const again = await cli(['unseal', 'open', '--request', requestId!, '--out', `${outFile}.2`], {
      ...requester,
      EZHILI_UNSEAL_KEY: oneTimeKey!,
    });
    expect(again.err).toContain('already_opened');
  });
});
