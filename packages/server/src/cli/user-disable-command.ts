import { parseArgs } from 'node:util';
import { createStaffService } from '../staff/staff-service.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { withAppContext } from './cli-context.js';

export const userDisableCommand: CliCommand = {
  name: 'user disable',
  summary: 'Disable a staff login (its tokens stop working at once)',
  usage: `ezhili user disable EMAIL [--enable]

  --enable   re-enable a disabled login instead`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { enable: { type: 'boolean' } },
      allowPositionals: true,
    });
    const email = positionals[0];
    if (!email) throw new CliUsageError('Name the email of the staff user.');
    return withAppContext(async (ctx) => {
      const changed = await createStaffService(ctx).setDisabled(email, !values.enable);
      if (!changed) throw new CliUsageError(`No staff user ${email}.`);
      io.out.write(`${values.enable ? 'enabled' : 'disabled'} ${email}\n`);
      return 0;
    });
  },
};
