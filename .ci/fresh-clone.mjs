// A newcomer's first hour, checked: clones HEAD into an empty folder and runs the README's
// commands there as written (the ports moved so that nothing on the machine is in the way).
// Every command in a README code block or in its command table must be run here or be listed in
// NOT_RUN with the reason, so a command added to the README without a check fails CI.
// Usage: node .ci/fresh-clone.mjs   (from .ci/run; about a minute with a warm npm cache)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** README commands this script does not run, and why. */
const NOT_RUN = {
  'npm test': 'the first step of .ci/run, on the checkout itself',
  'npm run bench': 'benchmarks take minutes and are not part of CI (tests/bench/README.md)',
};

const started = Date.now();
const source = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'ezhili-fresh-clone-'));
const repo = join(work, 'ezhili');
const ran = new Set();
const servers = [];
let failures = 0;

function fail(message) {
  failures++;
  console.error(`fresh-clone: FAIL ${message}`);
}

function log(message) {
  console.log(`fresh-clone: ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** Runs a README command in the clone; returns its exit code and output. */
function sh(command, { env = {}, expectCode = 0, readme = command } = {}) {
  ran.add(readme);
  const result = spawnSync('bash', ['-c', command], {
    cwd: repo,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== expectCode)
    fail(`\`${command}\` exited ${result.status}, expected ${expectCode}:\n${output}`);
  else log(`ok: ${command}`);
  return { code: result.status, output };
}

/** Fails when the clone has changed: a README command must not leave work behind. */
function expectClean(after) {
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (status.trim()) fail(`${after} changed tracked files:\n${status}`);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a long-running README command in its own process group; resolves once `ready` shows. */
function start(command, { env = {}, ready, timeoutMs = 180_000, readme = command }) {
  ran.add(readme);
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd: repo,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      fail(`\`${command}\` did not become ready within ${timeoutMs / 1000} s:\n${output}`);
      resolve(undefined);
    }, timeoutMs);
    let done = false;
    const onData = (chunk) => {
      output += String(chunk);
      const match = !done && output.match(ready);
      if (match) {
        done = true;
        clearTimeout(timer);
        log(`started: ${command}`);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!output.match(ready)) fail(`\`${command}\` exited ${code} before it was ready:\n${output}`);
      resolve(undefined);
    });
  });
}

async function stopServers() {
  await Promise.all(
    servers.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {}
          }, 10_000).unref();
        }),
    ),
  );
}

async function expectFetch(url, check, what) {
  try {
    const response = await fetch(url);
    const body = await response.text();
    if (!check(response, body)) fail(`${what}: ${url} answered ${response.status}: ${body.slice(0, 300)}`);
    else log(`ok: ${what}`);
  } catch (error) {
    fail(`${what}: ${url}: ${error.message}`);
  }
}

/** The README's commands: the lines of its `sh` blocks and every `npm …` / `npx …` in backticks. */
function readmeCommands(markdown) {
  const commands = new Set();
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].replace(/\\\n/g, ' ').split('\n')) {
      for (const part of line.split('&&')) {
        const command = part.trim().replace(/\s+/g, ' ');
        if (command) commands.add(command);
      }
    }
  }
  // Inline ones too: the command table and the text name commands in backticks.
  for (const inline of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`((?:npm|npx) [^`]+)`/g)) {
    commands.add(inline[1].trim());
  }
  return commands;
}

try {
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', source, repo]);
  log(
    `cloned ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim()}`,
  );
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');

  // Quick start: `npm install && npm start`.
  sh('npm install --no-audit --no-fund', { readme: 'npm install' });
  expectClean('npm install');
  const before = sh('npx ezhili --help', { expectCode: 1, readme: 'npx ezhili --help' });
  if (!/not built yet; run `npm run build`/.test(before.output))
    fail(`npx ezhili --help before a build does not say how to build:\n${before.output}`);

  const port = await freePort();
  const platformPort = await freePort();
  const api = `http://localhost:${port}`;
  const up = await start('npm start', {
    env: {
      PORT: String(port),
      DEMO_PLATFORM_WEBHOOK_URL: `http://127.0.0.1:${platformPort}/webhooks/ezhili`,
    },
    ready: /ezhili demo server is running[\s\S]*Demo staff logins/,
  });
  if (up) {
    await expectFetch(`${api}/healthz`, (r, b) => r.ok && JSON.parse(b).status === 'ok', 'GET /healthz');
    await expectFetch(`${api}/docs`, (r, b) => r.ok && b.includes('<html'), 'GET /docs');
    await expectFetch(
      `${api}/openapi.yaml`,
      (r, b) => r.ok && b.startsWith('openapi: 3.1'),
      'GET /openapi.yaml',
    );
    await expectFetch(`${api}/embed/tip?partner=demo`, (r) => r.ok, 'the demo whistleblow form');
    await expectFetch(`${api}/embed/follow-up?partner=demo`, (r) => r.ok, 'the demo follow-up page');
    // The README's login, as written, on this run's port.
    const login = readme.match(/```sh\n(curl -s localhost:8787\/staff\/sessions[\s\S]*?)```/);
    if (!login) fail('the README no longer shows the demo login with curl');
    else {
      const command = login[1].trim().replace(/\\\n\s*/g, ' ');
      const { output } = sh(command.replaceAll('localhost:8787', `localhost:${port}`), {
        readme: command.replace(/\s+/g, ' '),
      });
      if (!/"token":"/.test(output)) fail(`the README's demo login did not return a token: ${output}`);
    }
    if (!existsSync(join(repo, 'data/demo-audit-shares.json')))
      fail('the demo did not write data/demo-audit-shares.json (README: What the demo holds)');

    // Runnable integrations, started as the README says.
    const partnerPort = await freePort();
    const partner = await start('npm start -w @ezhili/example-partner-app', {
      env: { PORT: String(partnerPort), EZHILI_URL: api },
      ready: new RegExp(`${partnerPort}`),
    });
    if (partner)
      await expectFetch(
        `http://localhost:${partnerPort}/`,
        (r, b) => r.ok && b.includes('widget.js'),
        'partner app',
      );
    const platform = await start('npm start -w @ezhili/example-platform-integration', {
      env: { PORT: String(platformPort), EZHILI_URL: api },
      ready: new RegExp(`${platformPort}`),
    });
    if (platform)
      await expectFetch(
        `http://localhost:${platformPort}/shops`,
        (r, b) => r.ok && JSON.parse(b).shops.some((shop) => shop.id === 'demo-1001'),
        'platform integration lists the demo shops',
      );
  }
  await stopServers();

  sh('npm run build');
  const help = sh('npx ezhili --help');
  if (!/Usage: ezhili <command>/.test(help.output))
    fail(`npx ezhili --help printed no usage:\n${help.output}`);
  sh('npm run contract:generate');
  expectClean('npm run contract:generate');
  sh('npm run lint');
  sh('npm run format');
  expectClean('npm run format');

  const unchecked = [...readmeCommands(readme)].filter(
    (command) => !ran.has(command) && !(command in NOT_RUN),
  );
  for (const command of unchecked) fail(`README command not checked by .ci/fresh-clone.mjs: \`${command}\``);
  log(
    `${readmeCommands(readme).size} README commands: ${ran.size} run, ${Object.keys(NOT_RUN).length} left to other steps`,
  );
} catch (error) {
  fail(error.stack ?? String(error));
} finally {
  await stopServers();
  rmSync(work, { recursive: true, force: true });
}
log(failures ? `${failures} problem(s)` : 'every README command works on a fresh clone');
process.exit(failures ? 1 : 0);
