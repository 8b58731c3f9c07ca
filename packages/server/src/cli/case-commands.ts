import { openAppContext } from '../app/create-app-context.js';
import { listOverdueCases } from '../cases/case-records.js';
import type { CliCommand } from './cli-command.js';

/** Exit code when something needs attention, distinct from usage (2) and failure (1) errors. */
const ATTENTION = 3;

export const casesOverdueCommand: CliCommand = {
  name: 'cases overdue',
  summary: 'List open cases past their acknowledgement or feedback deadline',
  usage: [
    'ezhili cases overdue [--json]',
    '',
    'One line per case: identity code, case id, unit, district, missed deadlines, received at.',
    `Exits ${ATTENTION} when any case is overdue (for cron alerts), 0 when none is.`,
  ].join('\n'),
  async run(args, io) {
    const ctx = await openAppContext();
    try {
      const overdue = await listOverdueCases(ctx.db, ctx.clock.now());
      if (args.includes('--json')) {
        io.out.write(`${JSON.stringify(overdue)}\n`);
      } else {
        for (const item of overdue) {
          const unit = item.assignedDistrictCode
            ? `${item.assignedUnit}:${item.assignedDistrictCode}`
            : item.assignedUnit;
          io.out.write(
            `${item.identityCode}  ${item.id}  ${unit}  ${item.deadlines.overdue.join('+')}  ${item.receivedAt}\n`,
          );
        }
        io.err.write(`${overdue.length} overdue case(s)\n`);
      }
      return overdue.length > 0 ? ATTENTION : 0;
    } finally {
      ctx.db.close();
    }
  },
};
