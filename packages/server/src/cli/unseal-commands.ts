import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from './cli-command.js';

/**
 * The k-of-n unseal flow from a terminal, against a running server's API (the same operations as
 * the console and the SDK, so the same roles, audit events and notices to the reporter). The
 * bearer token comes from `EZHILI_TOKEN` and the one-time key from `EZHILI_UNSEAL_KEY`, never from
 * a flag: flags end up in shell history and `ps`.
 */
const SERVER_HELP = `  --server URL   the server (default $EZHILI_SERVER or http://127.0.0.1:8080)
  EZHILI_TOKEN   your staff bearer token (createStaffSession)`;

function server(values: { server?: string | undefined }): string {
  return (values.server ?? process.env.EZHILI_SERVER ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
}

function token(): string {
  const value = process.env.EZHILI_TOKEN;
  if (!value) throw new CliUsageError('Set EZHILI_TOKEN to your staff bearer token.');
  return value;
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token()}`);
  if (init.body) headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new CliUsageError(
      `${response.status} ${problem.code ?? ''}: ${problem.detail ?? response.statusText}`,
    );
  }
  return response;
}

async function readShare(file: string | undefined): Promise<string> {
  if (file) return (await readFile(file, 'utf8')).trim();
  if (process.stdin.isTTY) process.stderr.write('share: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split('\n')[0]!.trim();
}

export const unsealRequestCommand: CliCommand = {
  name: 'unseal request',
  summary: "Ask to open a case's sealed identity or a sealed original (k of n auditors)",
  usage: `ezhili unseal request --case CASE_ID [--evidence EVIDENCE_ID | --redaction REDACTION_ID]
    --legal-basis TEXT --reason TEXT

Without --evidence or --redaction the request opens the reporter's identity. --evidence opens the
evidence file as uploaded; --redaction the text as it was before that redaction. Prints the
request id, then the one-time key (shown once; keep it for \`ezhili unseal open\`).
${SERVER_HELP}`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        server: { type: 'string' },
        case: { type: 'string' },
        evidence: { type: 'string' },
        redaction: { type: 'string' },
        'legal-basis': { type: 'string' },
        reason: { type: 'string' },
      },
    });
    if (!values.case || !values['legal-basis'] || !values.reason)
      throw new CliUsageError('--case, --legal-basis and --reason are required.');
    if (values.evidence && values.redaction)
      throw new CliUsageError('Name --evidence or --redaction, not both.');
    const target = values.evidence
      ? { type: 'evidence_original', evidenceId: values.evidence }
      : values.redaction
        ? { type: 'text_original', redactionId: values.redaction }
        : { type: 'identity' };
    const response = await call(`${server(values)}/unseal-requests`, {
      method: 'POST',
      body: JSON.stringify({
        caseId: values.case,
        legalBasis: values['legal-basis'],
        reason: values.reason,
        target,
      }),
    });
    const created = (await response.json()) as { id: string; oneTimeKey: string; threshold: number };
    io.out.write(`${created.id}\n${created.oneTimeKey}\n`);
    io.err.write(
      `Filed ${created.id}: ${created.threshold} auditors must run \`ezhili unseal share --request ${created.id}\`. The second line is your one-time key (shown once).\n`,
    );
    return 0;
  },
};

export const unsealShareCommand: CliCommand = {
  name: 'unseal share',
  summary: 'Approve an unseal request with your audit key share',
  usage: `ezhili unseal share --request UNSEAL_REQUEST_ID [--share-file PATH]

Reads your share (EZA1.…) from --share-file or the first line of standard input; the server checks
it and keeps it only sealed to the requester's one-time key.
${SERVER_HELP}`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { server: { type: 'string' }, request: { type: 'string' }, 'share-file': { type: 'string' } },
    });
    if (!values.request) throw new CliUsageError('--request is required.');
    const share = await readShare(values['share-file']);
    const response = await call(
      `${server(values)}/unseal-requests/${encodeURIComponent(values.request)}/shares`,
      {
        method: 'POST',
        body: JSON.stringify({ share }),
      },
    );
    const state = (await response.json()) as { state: string; approvals: unknown[]; threshold: number };
    io.out.write(`${state.state} (${state.approvals.length} of ${state.threshold})\n`);
    return 0;
  },
};

export const unsealOpenCommand: CliCommand = {
  name: 'unseal open',
  summary: 'Open an approved unseal request once (the requester, with the one-time key)',
  usage: `ezhili unseal open --request UNSEAL_REQUEST_ID --out PATH

Writes the opened identity (JSON) or the original (the evidence file as uploaded, or the text) to
PATH, created with mode 0600, and checks the original's SHA-256. Works once.
  EZHILI_UNSEAL_KEY   the one-time key \`ezhili unseal request\` printed
${SERVER_HELP}`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { server: { type: 'string' }, request: { type: 'string' }, out: { type: 'string' } },
    });
    if (!values.request || !values.out) throw new CliUsageError('--request and --out are required.');
    const unsealKey = process.env.EZHILI_UNSEAL_KEY;
    if (!unsealKey) throw new CliUsageError('Set EZHILI_UNSEAL_KEY to the one-time key of the request.');
    const base = `${server(values)}/unseal-requests/${encodeURIComponent(values.request)}`;
    const state = (await (await call(base)).json()) as { target: { type: string } };
    const headers = { 'ezhili-unseal-key': unsealKey };
    const out = () => createWriteStream(values.out!, { flags: 'wx', mode: 0o600 });
    if (state.target.type === 'identity') {
      const opened = (await (await call(base, { headers })).json()) as { identity: unknown };
      await pipeline(Readable.from([`${JSON.stringify(opened.identity, null, 2)}\n`]), out());
      io.err.write(`Opened the identity into ${values.out}; the reporter is told.\n`);
      return 0;
    }
    const response = await call(`${base}/original`, { headers });
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), hashing, out());
    const expected = response.headers.get('ezhili-original-sha256');
    const actual = hash.digest('hex');
    if (expected !== actual) {
      io.err.write(`The original written to ${values.out} does not match its SHA-256 (${expected}).\n`);
      return 1;
    }
    io.err.write(`Opened the original into ${values.out} (sha256 ${actual}); the reporter is told.\n`);
    return 0;
  },
};
