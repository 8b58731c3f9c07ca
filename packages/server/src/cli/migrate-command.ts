import { openAppContext } from '../app/create-app-context.js';
import type { CliCommand } from './cli-command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply pending database migrations and exit',
  usage: 'ezhili migrate\n\nUses DATABASE_URL (default: file:./data/ezhili.db).',
  async run(_args, io) {
    const ctx = await openAppContext();
    const rows = await ctx.db.execute(
      'SELECT module, id, applied_at FROM schema_migrations ORDER BY applied_at',
    );
    for (const row of rows.rows) io.out.write(`${row.applied_at}  ${row.module}/${row.id}\n`);
    ctx.db.close();
    return 0;
  },
};
