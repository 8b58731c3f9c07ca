import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createAppContext } from '../http/create-app-context.js';
import { createPartnerService } from '../partners/partner-service.js';
import { ProblemError } from '../problem/problem-error.js';
import { type CliCommand, CliUsageError } from './cli-command.js';

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
    const ctx = await createAppContext(loadConfig());
    try {
      const partner = await createPartnerService(ctx).register(
        { id: values.id, name: values.name, allowedOrigins: values.origin },
        { type: 'system', id: 'cli' },
      );
      io.out.write(`registered ${partner.id}: ${partner.allowedOrigins.join(' ')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ProblemError) {
        const reasons = (error.errors ?? []).map((e) => `${e.pointer} ${e.detail}`).join('; ');
        throw new CliUsageError([error.detail ?? error.code, reasons].filter(Boolean).join(' '));
      }
      throw error;
    } finally {
      ctx.db.close();
    }
  },
};

export const partnerListCommand: CliCommand = {
  name: 'partner list',
  summary: 'List the partner apps and their allowed origins',
  usage: 'ezhili partner list',
  async run(_args, io) {
    const ctx = await createAppContext(loadConfig());
    try {
      for (const partner of await createPartnerService(ctx).list()) {
        io.out.write(
          `${partner.id}\t${partner.enabled ? 'enabled' : 'disabled'}\t${partner.allowedOrigins.join(' ')}\t${partner.name}\n`,
        );
      }
      return 0;
    } finally {
      ctx.db.close();
    }
  },
};
