import { reconcileRelistings } from '../relisting/relisting-breaches.js';
import type { CliCommand } from './cli-command.js';
import { withAppContext } from './cli-context.js';

/** Exit code when breaches were found, distinct from usage (2) and failure (1) errors. */
const ATTENTION = 3;

export const relistingReconcileCommand: CliCommand = {
  name: 'relisting reconcile',
  summary: 'Find shops online while their take-down is open; record each as a relisting breach',
  usage: [
    'ezhili relisting reconcile [--json]',
    '',
    'Every shop online without an approved relisting request is recorded as a breach of its',
    "take-down (on the platform's scorecard) and taken offline again, unless the platform's feed",
    `is authoritative (RELISTING_AUTHORITATIVE_FEEDS). Exits ${ATTENTION} when any was found, 0 when none.`,
  ].join('\n'),
  async run(args, io) {
    return withAppContext(async (ctx) => {
      const result = await reconcileRelistings(ctx);
      if (args.includes('--json')) io.out.write(`${JSON.stringify(result)}\n`);
      else
        io.out.write(
          `${result.found} shop(s) online under a take-down: ${result.recorded} breach(es) recorded, ${result.restoredOffline} taken offline\n`,
        );
      return result.found > 0 ? ATTENTION : 0;
    });
  },
};
