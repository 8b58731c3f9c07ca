import { loadConfig } from '../config/config.js';
import { SigningKeyStore } from '../keys/signing-keys.js';
import { type CliCommand, CliUsageError } from './cli-command.js';

const openStore = () => SigningKeyStore.open(loadConfig().keysDir, { demo: false });

export const keysRotateCommand: CliCommand = {
  name: 'keys rotate',
  summary: 'Create a new regulator signing key; older keys stay published',
  usage: `ezhili keys rotate

Adds a new Ed25519 key as the active signer in KEYS_DIR. Earlier keys stay in the JWKS so
signatures made with them still verify; retire them with \`ezhili keys retire KID\` once no
platform needs them. Running servers pick the new key up within seconds.`,
  async run(_args, io) {
    const store = await openStore();
    const kid = await store.rotate();
    io.out.write(`new active signing key: ${kid}\n`);
    return 0;
  },
};

export const keysListCommand: CliCommand = {
  name: 'keys list',
  summary: 'List the regulator signing keys and their status',
  usage: 'ezhili keys list',
  async run(_args, io) {
    for (const key of (await openStore()).list()) {
      io.out.write(`${key.kid}  ${key.status.padEnd(9)} ${key.createdAt}${key.demo ? '  (demo)' : ''}\n`);
    }
    return 0;
  },
};

export const keysRetireCommand: CliCommand = {
  name: 'keys retire',
  summary: 'Remove a signing key from the JWKS',
  usage: 'ezhili keys retire KID',
  async run(args, io) {
    const kid = args[0];
    if (!kid) throw new CliUsageError('Name the key id to retire.');
    (await openStore()).retire(kid);
    io.out.write(`retired ${kid}\n`);
    return 0;
  },
};
