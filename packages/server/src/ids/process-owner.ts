import { hostname } from 'node:os';

/**
 * Names this process as the owner of something it leaves on disk or in the database (a spooled
 * upload, a lease): `<host>~<pid>`. After a crash, a restart on the same host tells from the name
 * alone, without waiting for anything to age, whether the owner is gone.
 */
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

export function processOwner(pid: number = process.pid): string {
  return `${HOST}~${pid}`;
}

/** Whether `owner` (a `processOwner()`) is certainly gone: this host, and its pid not running. */
export function ownerGone(owner: string): boolean {
  const [host, pid] = owner.split('~');
  return host === HOST && pid !== undefined && /^\d+$/.test(pid) && !isRunning(Number(pid));
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
