import { existsSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { EVIDENCE_KEY_NAME } from '../evidence/evidence-service.js';
import { IDEMPOTENCY_KEY_NAME } from '../http/idempotency.js';
import { PAYOUT_KEY_NAME } from '../identity/identity-keys.js';
import { createSecretKeyFile, readSecretKeyFile, secretKeyPath } from '../keys/secret-key-file.js';
import { WEBHOOK_KEY_NAME } from '../platforms/webhook-secrets.js';
import type { CliCommand } from './cli-command.js';

/** The symmetric keys a server needs in KEYS_DIR besides the signing keys and the audit key. */
const SECRET_KEYS = [
  { name: PAYOUT_KEY_NAME, purpose: 'payout envelopes of reporter identities (and the login index)' },
  { name: EVIDENCE_KEY_NAME, purpose: 'evidence files at rest' },
  { name: WEBHOOK_KEY_NAME, purpose: "the platforms' webhook secrets (symmetric v1 signatures)" },
  { name: IDEMPOTENCY_KEY_NAME, purpose: 'the stored answers of Idempotency-Key retries (receipt secrets)' },
];

export const secretsInitCommand: CliCommand = {
  name: 'secrets init',
  summary: 'Create the payout, evidence, webhook and idempotency keys in KEYS_DIR (once per deployment)',
  usage: `ezhili secrets init

Creates KEYS_DIR/payout.key, KEYS_DIR/evidence.key, KEYS_DIR/webhook.key and
KEYS_DIR/idempotency.key (32 random bytes each, base64) when they do not exist, and checks them
when they do. Never overwrites a key:
losing payout.key makes every reporter's payout envelope unreadable (and every phone login fail);
losing evidence.key makes every evidence file unreadable; losing webhook.key means every platform
must rotate its webhook secret; losing idempotency.key only makes retries of the last 24 hours run
afresh. Back the files up offline before the first reporter registers,
and give every instance the same files. A production start refuses to run without them.`,
  async run(_args, io) {
    const { keysDir } = loadConfig();
    for (const key of SECRET_KEYS) {
      const path = secretKeyPath(keysDir, key.name);
      if (existsSync(path)) {
        readSecretKeyFile(path);
        io.out.write(`kept ${path} (${key.purpose})\n`);
      } else {
        createSecretKeyFile(keysDir, key.name);
        io.out.write(`created ${path} (${key.purpose})\n`);
      }
    }
    io.out.write('Back these files up offline now; they cannot be recreated.\n');
    return 0;
  },
};
