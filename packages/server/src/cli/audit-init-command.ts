import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AUDIT_KEY_FILE,
  createAuditKeyCeremony,
  readAuditKeyFile,
  writeAuditKeyFile,
} from '../audit/audit-key.js';
import { loadConfig } from '../config/config.js';
import { type CliCommand, CliUsageError } from './cli-command.js';

export interface AuditInitOptions {
  keysDir: string;
  shares: number;
  threshold: number;
  force: boolean;
}

/**
 * The audit key ceremony: makes the X25519 audit key, splits the private half into `shares`
 * Shamir shares of which `threshold` open an envelope, writes only the public key file and
 * prints the shares once. The private key and the shares are never written anywhere.
 */
export async function runAuditInit(options: AuditInitOptions, write: (text: string) => void): Promise<void> {
  const existing = readAuditKeyFile(options.keysDir);
  if (existing && !options.force) {
    throw new CliUsageError(
      `An audit key (${existing.kid}) already exists in ${options.keysDir}. Replacing it makes every identity sealed to it unopenable by new shares; if that is what you want, run again with --force.`,
    );
  }
  const { keyFile, shares } = await createAuditKeyCeremony({
    shares: options.shares,
    threshold: options.threshold,
  });
  writeAuditKeyFile(options.keysDir, keyFile);
  write(
    [
      `Audit key ${keyFile.kid} created: any ${keyFile.threshold} of these ${keyFile.shares} shares open a sealed identity.`,
      `Public key written to ${join(options.keysDir, AUDIT_KEY_FILE)} (the private key was not written anywhere).`,
      '',
      'Hand each auditor exactly one share, in person. They are shown only this once and cannot be recovered:',
      '',
      ...shares.map((share, i) => `  share ${i + 1}: ${share}`),
      '',
      'Restart the server to seal new identities to this key. See docs/audit-unseal.md for share custody.',
      '',
    ].join('\n'),
  );
}

export const auditInitCommand: CliCommand = {
  name: 'audit init',
  summary: 'Create the audit key and split it into k-of-n auditor shares',
  usage: `ezhili audit init --shares N --threshold K [--force]

  --shares N      how many auditors receive a share (default 3)
  --threshold K   how many shares open a sealed identity (default 2, at least 2)
  --force         replace an existing audit key (identities sealed to the old key then need
                  the old shares)

Writes KEYS_DIR/${AUDIT_KEY_FILE} (public key only) and prints the shares once.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        shares: { type: 'string', default: '3' },
        threshold: { type: 'string', default: '2' },
        force: { type: 'boolean', default: false },
      },
    });
    const shares = Number(values.shares);
    const threshold = Number(values.threshold);
    if (
      !Number.isInteger(shares) ||
      !Number.isInteger(threshold) ||
      threshold < 2 ||
      shares < threshold ||
      shares > 255
    ) {
      throw new CliUsageError(
        '--threshold must be at least 2 and --shares at least the threshold (at most 255).',
      );
    }
    await runAuditInit(
      { keysDir: loadConfig().keysDir, shares, threshold, force: values.force ?? false },
      (text) => process.stdout.write(text),
    );
    return 0;
  },
};
