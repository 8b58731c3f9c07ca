import { parseArgs } from 'node:util';
import { startServer } from '../app/server.js';
import { loadServerConfig } from '../app/server-config.js';
import { DEMO_PASSWORD, DEMO_STAFF } from '../demo/demo-staff.js';
import type { CliCommand } from './cli-command.js';
import { describeStartupProblem } from './startup-problem.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the API server (migrates the database first)',
  usage: `ezhili serve [--demo] [--port N] [--host H]

  --demo      seed demo staff logins (password "demo") and demo data; never in production
  --port N    listen on port N (default: PORT or 8787)
  --host H    bind address (default: HOST or 127.0.0.1)

Configuration comes from the environment; see docs/configuration.md.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
    });
    const env = { ...process.env };
    if (values.port) env.PORT = values.port;
    if (values.host) env.HOST = values.host;
    // Every setting, the server's and each module's, is checked here: one error lists them all.
    const { config, settings } = loadServerConfig(env, values.demo ? { demo: true } : {});
    // A folder or port problem is named with the setting that points at it.
    const server = await startServer(config, { settings }).catch((error: unknown) => {
      throw describeStartupProblem(error, config);
    });
    const base = config.publicUrl === `http://localhost:${config.port}` ? server.url : config.publicUrl;
    const lines = [
      '',
      `  ezhili ${config.demo ? 'demo ' : ''}server is running`,
      `  Console:    ${base}/console/`,
      `  API:        ${base}`,
      `  Reference:  ${base}/docs`,
      `  Contract:   ${base}/openapi.yaml`,
      `  Health:     ${base}/healthz`,
      `  Database:   ${config.databaseUrl}`,
    ];
    if (config.demo) {
      lines.push('', `  Demo staff logins (password "${DEMO_PASSWORD}"):`);
      for (const user of DEMO_STAFF) {
        lines.push(
          `    ${user.email.padEnd(24)} ${user.roles.join(', ')}${user.districtCode ? ` (district ${user.districtCode})` : ''}`,
        );
      }
    }
    io.err.write(`${lines.join('\n')}\n\n`);

    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        io.err.write(`\n  ${signal}: finishing requests in flight, then stopping\n`);
        void server.close().then(resolve);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    return 0;
  },
};
