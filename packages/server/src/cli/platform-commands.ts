import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Schema } from '@ezhili/contract';
import { createPlatformService } from '../platforms/platform-service.js';
import { listWebhookDeliveries } from '../platforms/webhook-outbox.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { withAppContext } from './cli-context.js';

const CONTACT = /^(.+?)\s*<([^<>\s]+@[^<>\s]+)>$/;

/** Registers a delivery platform (the same rules as `registerPlatform`). */
export const platformAddCommand: CliCommand = {
  name: 'platform add',
  summary: 'Register a delivery platform with its public keys and webhook URL',
  usage: `ezhili platform add --name NAME (--jwks FILE | --jwks-url URL) [--webhook URL] [--contact "Name <email>"]

  --name      the platform's name
  --jwks      a JSON file with the platform's public JWKS ({"keys": [...]}, Ed25519 or P-256)
  --jwks-url  or the URL where the platform publishes it (fetched and cached)
  --webhook   where leads, relisting decisions and cards are sent (https in production)
  --contact   a contact person (repeatable)

Prints the platform id the platform signs with (iss).`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        jwks: { type: 'string' },
        'jwks-url': { type: 'string' },
        webhook: { type: 'string' },
        contact: { type: 'string', multiple: true },
      },
    });
    if (!values.name || (values.jwks === undefined) === (values['jwks-url'] === undefined)) {
      throw new CliUsageError('--name and exactly one of --jwks and --jwks-url are required.');
    }
    const contacts = (values.contact ?? []).map((contact) => {
      const match = CONTACT.exec(contact.trim());
      if (!match)
        throw new CliUsageError(`--contact must look like "Name <email>", got ${JSON.stringify(contact)}.`);
      return { name: match[1]!, email: match[2]! };
    });
    let jwks: Schema<'Jwks'> | undefined;
    if (values.jwks !== undefined) {
      try {
        jwks = JSON.parse(readFileSync(values.jwks, 'utf8')) as Schema<'Jwks'>;
      } catch {
        throw new CliUsageError(`--jwks: ${values.jwks} is not a readable JSON file.`);
      }
      if (!Array.isArray(jwks?.keys)) throw new CliUsageError('--jwks: the file has no "keys" array.');
    }
    const { name } = values;
    return withAppContext(async (ctx) => {
      const platform = await createPlatformService(ctx).register(
        {
          name,
          contacts,
          ...(jwks && { jwks }),
          ...(values['jwks-url'] !== undefined && { jwksUrl: values['jwks-url'] }),
          ...(values.webhook !== undefined && { webhookUrl: values.webhook }),
        },
        { type: 'system', id: 'cli' },
      );
      io.out.write(`registered ${platform.id} (${platform.name})\n`);
      return 0;
    });
  },
};

/** Lists the webhook messages a platform never received (dead letters). */
export const platformDeadLettersCommand: CliCommand = {
  name: 'platform dead-letters',
  summary: 'List webhooks to a platform that failed every retry',
  usage: 'ezhili platform dead-letters --platform ID',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { platform: { type: 'string' } } });
    const { platform } = values;
    if (!platform) throw new CliUsageError('--platform is required.');
    return withAppContext(async (ctx) => {
      let cursor: string | undefined;
      do {
        const page = await listWebhookDeliveries(ctx.db, platform, {
          state: 'dead',
          limit: 500,
          ...(cursor !== undefined && { cursor }),
        });
        for (const message of page.items) {
          io.out.write(
            `${message.id}\t${message.eventType}\t${message.createdAt}\tattempts ${message.attempts}\t${message.lastError ?? ''}\n`,
          );
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return 0;
    });
  },
};
