import { runRetention } from '../retention/retention-run.js';
import { RETENTION_CATEGORIES } from '../retention/retention-settings.js';
import type { CliCommand } from './cli-command.js';
import { withAppContext } from './cli-context.js';

export const retentionRunCommand: CliCommand = {
  name: 'retention run',
  summary: 'Delete the data whose retention period has passed (cases on legal hold excepted)',
  usage: [
    'ezhili retention run [--dry-run] [--json]',
    '',
    'Deletes what is due under RETENTION_*_DAYS (docs/retention.md): sealed originals, messages,',
    'reporter identities, evidence copies and closed cases, counted from the case’s closure, and',
    'tombstones audit events past their period. Every batch is an audit event. --dry-run only',
    'counts what a run would delete now and changes nothing.',
  ].join('\n'),
  async run(args, io) {
    const dryRun = args.includes('--dry-run');
    return withAppContext(async (ctx) => {
      const outcome = await runRetention(ctx, { trigger: 'cli', dryRun });
      if (args.includes('--json')) {
        io.out.write(`${JSON.stringify(outcome)}\n`);
        return 0;
      }
      const counts = outcome.dryRun ? outcome.due : outcome.deleted;
      for (const category of RETENTION_CATEGORIES) io.out.write(`${category}  ${counts[category]}\n`);
      io.err.write(
        outcome.dryRun
          ? `dry run at ${outcome.asOf}: nothing deleted\n`
          : `retention run ${outcome.id}: ${outcome.casesAffected} case(s) affected\n`,
      );
      return 0;
    });
  },
};
