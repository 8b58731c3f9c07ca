import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

/**
 * Every "Try it" of the docs, run as written against a demo server as `npm start` makes it (a
 * development start, with the demo's history): the fenced blocks of every "Try it" section in
 * docs/*.md and README.md, and every other block that calls the demo at localhost:8787 (curl or
 * the SDK). Shell blocks run in bash with `set -euo pipefail` and a curl that fails on an error
 * status, in a directory whose `data/` is the server's; TypeScript blocks run as a module. The
 * only change made to a block is the demo's address, which becomes the test server's.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = /(?:https?:\/\/)?localhost:8787/g;

interface Block {
  file: string;
  heading: string;
  lang: string;
  code: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let heading = '';
  let tryIt = false;
  for (let i = 0; i < lines.length; i++) {
    const title = /^(#+)\s+(.*)$/.exec(lines[i]!);
    if (title) {
      heading = title[2]!;
      tryIt = /^try it/i.test(heading);
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const code = body.join('\n');
    const lang = fence[1] ?? '';
    // Outside a "Try it": a block that calls the demo (curl or the SDK), not one that names it.
    const callsDemo = DEMO.test(code) && /\bcurl\b|createClient\(/.test(code);
    DEMO.lastIndex = 0;
    if (['sh', 'bash', 'ts'].includes(lang) && (tryIt || callsDemo))
      blocks.push({ file, heading, lang, code });
  }
  return blocks;
}

const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((n) => `docs/${n}`),
];
const blocks = docs.flatMap(blocksOf);

/** What each block must print (besides exiting 0); a new "Try it" fails here until it has a line. */
const EXPECTED: Record<string, RegExp | ((out: string, server: E2eServer) => Promise<void>)> = {
  'README.md › Demo logins': /"token":"ey/,
  // The reward: claimable before the claim, paid after, and the transfer in the ledger.
  'docs/rewards.md › Try it on the demo server': async (out) => {
    expect(out).toMatch(/"claimable"\n[\s\S]*"paid"\n/);
    const transfer = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(transfer).toMatchObject({
      amountFen: 500_000,
      currency: 'CNY',
      idempotencyKey: expect.any(String),
    });
  },
  // The identity of the demo's paid reward, once, to the requester holding the one-time key.
  'docs/audit-unseal.md › Try it on the demo server': /"realName":"林晓梅"/,
  'docs/sdk.md › Quick start': async (_out, server) => {
    // The block triaged the first received case: the intake queue is one shorter.
    expect(await receivedCount(server)).toBe(receivedBeforeSdk - 1);
  },
};

let receivedBeforeSdk = 0;
async function receivedCount(server: E2eServer): Promise<number> {
  const token = await server.login('intake@demo.local');
  const list = (await (await server.api('/cases?state=received&limit=100', { token })).json()) as {
    items: unknown[];
  };
  return list.items.length;
}

describe('the docs’ “Try it” blocks, run against the demo', () => {
  let server: E2eServer;
  let cwd: string;
  const scratch = join(ROOT, 'tests', 'e2e', '.docs-try-it');

  beforeAll(async () => {
    // A development start (the demo's history is written), with cheaper password hashing.
    server = await startE2eServer({ EZHILI_ENV: 'development', PASSWORD_SCRYPT_COST: '12' });
    cwd = mkdtempSync(join(tmpdir(), 'ezhili-try-it-'));
    symlinkSync(server.dataDir, join(cwd, 'data'));
    mkdirSync(scratch, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(cwd, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('finds the blocks, and knows what each must show', () => {
    const names = blocks.map((block) => `${block.file} › ${block.heading}`);
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const block of blocks) {
    it(`${block.file} › ${block.heading} (${block.lang})`, async () => {
      const name = `${block.file} › ${block.heading}`;
      const code = block.code.replace(DEMO, server.url);
      let out: string;
      if (block.lang === 'ts') {
        receivedBeforeSdk = await receivedCount(server);
        const file = join(scratch, `${block.file.replace(/\W/g, '-')}.ts`);
        writeFileSync(file, `${code}\nexport {};\n`);
        await import(file);
        out = '';
      } else {
        const script = [
          'set -euo pipefail',
          // An error status fails the block (the docs' `curl -s` alone would print and go on).
          'curl() { command curl --silent --show-error --fail-with-body "$@"; }',
          code,
        ].join('\n');
        // Not spawnSync: the server answering the block runs in this process.
        const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
          (resolve) => {
            execFile(
              'bash',
              ['-c', script],
              { cwd, encoding: 'utf8', timeout: 50_000 },
              (error, stdout, stderr) =>
                resolve({
                  status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
                  stdout,
                  stderr,
                }),
            );
          },
        );
        out = run.stdout;
        expect(run.status, `${name} failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
      }
      const expected = EXPECTED[name];
      if (expected instanceof RegExp) expect(out).toMatch(expected);
      else await expected?.(out, server);
    });
  }
});
