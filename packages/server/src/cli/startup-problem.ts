import type { Config } from '../config/config.js';
import { ConfigError } from '../config/env-reader.js';

/**
 * A problem the operator can fix (a port in use, a folder the server cannot read, a bad setting),
 * said in one line. The CLI prints it without a stack trace and exits non-zero.
 */
export class StartupProblem extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'StartupProblem';
  }
}

const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

type SystemError = Error & {
  code?: string;
  syscall?: string;
  path?: string;
  port?: number;
  address?: string;
};

/** The settings that name folders, most specific first: a path inside KEYS_DIR is named by it. */
function folderSettings(config: Config): Array<[string, string]> {
  const folders: Array<[string, string]> = [
    ['KEYS_DIR', config.keysDir],
    ['DATA_DIR', config.dataDir],
  ];
  return folders.sort((a, b) => b[1].length - a[1].length);
}

function settingOf(path: string, config: Config | undefined): string {
  if (!config) return '';
  const match = folderSettings(config).find(([, folder]) => path === folder || path.startsWith(`${folder}/`));
  return match ? ` (${match[0]}=${match[1]})` : '';
}

/**
 * Turns what went wrong while starting into one line naming the problem, or returns the error
 * unchanged when it is not one an operator can fix (a bug keeps its message).
 */
export function describeStartupProblem(error: unknown, config?: Config): unknown {
  if (error instanceof StartupProblem) return error;
  if (error instanceof ConfigError) {
    return new StartupProblem(`invalid configuration: ${error.problems.join('; ')}`, 2);
  }
  const e = error as SystemError;
  if (!(e instanceof Error) || typeof e.code !== 'string') return error;
  if (e.syscall === 'listen' || e.code === 'EADDRINUSE') {
    const where = `${e.address ?? config?.host ?? ''}:${e.port ?? config?.port ?? ''}`;
    if (e.code === 'EADDRINUSE')
      return new StartupProblem(
        `port ${e.port ?? config?.port} is already in use on ${e.address ?? config?.host}: stop what is listening there or choose another port (--port or PORT)`,
      );
    if (e.code === 'EADDRNOTAVAIL')
      return new StartupProblem(
        `cannot listen on ${where}: this machine has no such address (--host or HOST)`,
      );
    if (e.code === 'EACCES')
      return new StartupProblem(
        `not allowed to listen on ${where}: ports below 1024 need privileges (--port or PORT)`,
      );
  }
  if (e.path && FILE_ERRORS[e.code]) {
    const action = e.syscall ? ` (${e.syscall})` : '';
    return new StartupProblem(
      `cannot use ${e.path}${settingOf(e.path, config)}: ${FILE_ERRORS[e.code]}${action}`,
    );
  }
  return error;
}
