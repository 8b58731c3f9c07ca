#!/usr/bin/env node
// The `ezhili` command. npm links a package's bin when it installs, before anything is built, so
// the link must point at a file that is in the repository: this one, which runs the built CLI.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('ezhili: the server is not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(1);
}
await import(cli.href);
