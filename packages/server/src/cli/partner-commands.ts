import { parseArgs } from 'node:util';
import { createPartnerService } from '../partners/partner-service.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { withAppContext } from './cli-context.js';

const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Registers a partner app that may embed the widget (the same rules as `registerPartner`). */
export const partnerAddCommand: CliCommand = {
  name: 'partner add',
  summary: 'Register a partner app allowed to embed the widget',
  usage: `ezhili partner add --id ID --name NAME --origin ORIGIN [--origin ORIGIN2]

  --id      the partner id used in the embed code, e.g. rider-home
  --name    a display name
  --origin  an origin allowed to frame the widget (repeatable): https://app.example.cn,
            https://*.example.cn, or http://localhost:* for development`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        id: { type: 'string' },
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
      },
    });
    if (!values.id || !values.name || !values.origin?.length)
      throw new CliUsageError('--id, --name and at least one --origin are required.');
    if (!PARTNER_ID.test(values.id))
      throw new CliUsageError('--id must be lower-case letters, digits and hyphens (2–63 characters).');
    const { id, name, origin } = values;
    return withAppContext(async (ctx) => {
      const partner = await createPartnerService(ctx).register(
        { id, name, allowedOrigins: origin },
        { type: 'system', id: 'cli' },
      );
      io.out.write(`registered ${partner.id}: ${partner.allowedOrigins.join(' ')}\n`);
      return 0;
    });
  },
};

export const partnerListCommand: CliCommand = {
  name: 'partner list',
  summary: 'List the partner apps and their allowed origins',
  usage: 'ezhili partner list',
  async run(_args, io) {
    return withAppContext(async (ctx) => {
      for (const partner of await createPartnerService(ctx).list()) {
        io.out.write(
          `${partner.id}\t${partner.enabled ? 'enabled' : 'disabled'}\t${partner.allowedOrigins.join(' ')}\t${partner.name}\n`,
        );
      }
      return 0;
    });
  },
};
