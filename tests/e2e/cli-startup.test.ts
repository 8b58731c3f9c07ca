import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The `ezhili` command as npm links it (`npx ezhili`): the committed launcher of the built CLI. */
const EZHILI_BIN = fileURLToPath(new URL('../../packages/server/bin/ezhili.js', import.meta.url));

interface Run {
  code: number | null;
  stderr: string;
}

function runEzhili(
  args: string[],
  env: Record<string, string>,
  options: { uid?: number; gid?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EZHILI_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', EZHILI_ENV: 'development', PASSWORD_SCRYPT_COST: '10', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...options,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** One line naming the problem, and nothing that looks like a stack trace. */
function expectOneLine(run: Run, pattern: RegExp, code = 1) {
  expect(run.code).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at |node:internal|Error:/m);
}

describe('ezhili serve: start-up problems', () => {
  let dataDir: string;
  let blocker: Server;
  let busyPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ezhili-cli-start-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('names a port in use and exits 1', async () => {
    const run = await runEzhili(['serve', '--demo', '--port', String(busyPort)], { DATA_DIR: dataDir });
    expectOneLine(
      run,
      new RegExp(`^ezhili serve: port ${busyPort} is already in use on 127\\.0\\.0\\.1: .*--port`),
    );
  });

  it('names a bad setting and exits 2', async () => {
    const run = await runEzhili(['serve', '--demo'], { DATA_DIR: dataDir, PORT: 'eighty' });
    expectOneLine(run, /^ezhili serve: invalid configuration: PORT must be an integer .*"eighty"$/, 2);
  });

  it('names a key folder that is not a folder, with its setting', async () => {
    const file = join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    const run = await runEzhili(['serve', '--demo', '--port', '0'], {
      DATA_DIR: dataDir,
      KEYS_DIR: join(file, 'keys'),
    });
    expectOneLine(
      run,
      /^ezhili serve: cannot use .*not-a-folder\/keys \(KEYS_DIR=.*\): a part of the path is a file/,
    );
  });

  it('names a key folder it may not read, with its setting', async () => {
    // Root reads any folder, so as root the server runs as `nobody` (65534) for this test.
    const asRoot = process.getuid?.() === 0;
    const root = mkdtempSync(join(tmpdir(), 'ezhili-cli-keys-'));
    chmodSync(root, 0o777);
    const keysDir = join(root, 'keys');
    mkdirSync(keysDir);
    chmodSync(keysDir, 0o000);
    const data = join(root, 'data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    const run = await runEzhili(
      ['serve', '--demo', '--port', '0'],
      { DATA_DIR: data, KEYS_DIR: keysDir },
      asRoot ? { uid: 65534, gid: 65534 } : {},
    );
    expectOneLine(run, /^ezhili serve: cannot use .*\/keys\/\S+ \(KEYS_DIR=.*\/keys\): permission denied/);
  });
});
