import { readFileSync } from 'node:fs';
import { openAppContext } from '../app/create-app-context.js';
import type { AuditAnchor } from '../audit/audit-verifier.js';
import { checkpointAnchor } from '../auditing/audit-checkpoints.js';
import { createAuditingServices } from '../auditing/auditing-services.js';
import { type CliCommand, CliUsageError } from './cli-command.js';

/** The value after `--name`, if the flag is there. */
function flagValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${name} needs a value`);
  return value;
}

/** The JWS strings in a kept checkpoint file: a bare JWS, one checkpoint JSON, or JSON lines. */
function jwsInFile(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      try {
        const parsed = JSON.parse(line) as { jws?: unknown };
        return typeof parsed.jws === 'string' ? parsed.jws : '';
      } catch {
        return line;
      }
    })
    .filter(Boolean);
}

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Recompute the audit log hash chain and report whether it is intact',
  usage: [
    'ezhili audit verify [--incremental] [--checkpoint <file>]',
    '',
    'Reads the database named by DATABASE_URL (a copy works too) in one snapshot and checks every',
    'event (or, with --incremental, those after the newest stored checkpoint), the recorded head,',
    'and that the chain still passes through the newest checkpoint of AUDIT_CHECKPOINT_FILE and',
    'through every checkpoint in <file> (a JWS, a checkpoint as JSON, or JSON lines, e.g. kept from',
    '`ezhili audit checkpoint`). Writes nothing. Exits 0 when intact, 1 when an event was altered,',
    'inserted or removed, or the log was rewritten since a checkpoint.',
  ].join('\n'),
  async run(args, io) {
    const keptFile = flagValue(args, '--checkpoint');
    const ctx = await openAppContext();
    try {
      const { checkpoints } = createAuditingServices(ctx);
      const anchors: AuditAnchor[] = [];
      const exported = await checkpoints.newestExported();
      if (exported) anchors.push(exported);
      for (const jws of keptFile ? jwsInFile(keptFile) : []) {
        const claims = await checkpoints.verifyJws(jws);
        if (!claims) {
          io.err.write(`not a checkpoint this regulator signed: ${jws.slice(0, 24)}…\n`);
          return 1;
        }
        anchors.push(checkpointAnchor(claims, keptFile!));
      }
      const start = args.includes('--incremental') ? await checkpoints.latestStored() : undefined;
      const result = await ctx.audit.verify({ ...(start && { from: start.anchor }), anchors });
      io.out.write(`${JSON.stringify({ ...result, checkpointsChecked: anchors.length })}\n`);
      io.err.write(
        result.intact
          ? `audit log intact: ${result.eventsChecked} events checked after event ${result.fromSeq}, ${anchors.length} checkpoint(s)\n`
          : `audit log BROKEN at event ${result.firstBrokenSeq}: ${result.reason}\n`,
      );
      return result.intact ? 0 : 1;
    } finally {
      ctx.db.close();
    }
  },
};

export const auditCheckpointCommand: CliCommand = {
  name: 'audit checkpoint',
  summary: 'Print the newest signed checkpoint of the audit chain (or sign a new one) for auditors to keep',
  usage: [
    'ezhili audit checkpoint [--new]',
    '',
    'Prints the newest stored checkpoint as one JSON line: the head (seq, hash), when it was',
    'signed, and its JWS (EdDSA, verifiable with the JWKS at /.well-known/jwks.json). Keep it on',
    'paper or elsewhere the database administrators cannot reach; `ezhili audit verify',
    '--checkpoint <file>` later shows whether the log was rewritten since. With --new, first',
    'verifies the events after the newest checkpoint and signs a new one at the head (written to',
    'the database and AUDIT_CHECKPOINT_FILE, and posted to AUDIT_CHECKPOINT_WEBHOOK_URL).',
    'Exits 1 when there is no checkpoint yet or the chain is broken.',
  ].join('\n'),
  async run(args, io) {
    const ctx = await openAppContext();
    try {
      const { checkpoints, verifications } = createAuditingServices(ctx);
      if (args.includes('--new')) {
        const job = await (await verifications.start('incremental', 'system')).done;
        if (!job.result?.checkpoint) {
          io.err.write(`no checkpoint signed: ${job.result?.reason ?? job.error}\n`);
          return 1;
        }
        io.out.write(`${JSON.stringify(job.result.checkpoint)}\n`);
        return 0;
      }
      const newest = await checkpoints.latestStored();
      if (!newest) {
        io.err.write('no checkpoint yet: run `ezhili audit checkpoint --new` or wait for the daily one\n');
        return 1;
      }
      const { anchor: _anchor, ...checkpoint } = newest;
      io.out.write(`${JSON.stringify(checkpoint)}\n`);
      return 0;
    } finally {
      ctx.db.close();
    }
  },
};
