import { parseArgs } from 'node:util';
import { isStaffRole, STAFF_ROLES, type StaffRole } from '../auth/staff-principal.js';
import { createStaffService } from '../staff/staff-service.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { withAppContext } from './cli-context.js';

export const userAddCommand: CliCommand = {
  name: 'user add',
  summary: 'Create a staff user',
  usage: `ezhili user add --email E --name N --role R [--role R2] [--district CODE]

  --email     login email
  --name      display name
  --role      one of: ${STAFF_ROLES.join(', ')} (repeatable)
  --district  the district code a district_handler is bound to (e.g. 350102)

The password is read from EZHILI_NEW_PASSWORD, or from standard input (first line).`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        district: { type: 'string' },
      },
    });
    if (!values.email || !values.name || !values.role?.length) {
      throw new CliUsageError('--email, --name and at least one --role are required.');
    }
    const roles = values.role.filter(isStaffRole) as StaffRole[];
    if (roles.length !== values.role.length)
      throw new CliUsageError(`Roles must be among: ${STAFF_ROLES.join(', ')}`);
    const password = process.env.EZHILI_NEW_PASSWORD ?? (await readFirstLine());
    if (!password || password.length < 12)
      throw new CliUsageError('The password must have at least 12 characters.');
    const { email, name } = values;
    return withAppContext(async (ctx) => {
      const user = await createStaffService(ctx).createUser({
        email,
        displayName: name,
        password,
        roles,
        districtCode: values.district ?? null,
      });
      io.out.write(`created ${user.id} (${user.email}): ${user.roles.join(', ')}\n`);
      return 0;
    });
  },
};

async function readFirstLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split('\n')[0]!.trim();
}
