import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ownerGone, processOwner } from '../ids/process-owner.js';

/**
 * Files in the incoming folder carry the host and process that made them
 * (`<host>~<pid>~<evidence id>.<suffix>`), so a start-up sweep knows, without waiting for them
 * to age, which ones a dead process of this host left behind: its spooled uploads (plaintext
 * with every tag) and its `.pending` markers, one per evidence file stored but not yet
 * recorded, which name the blobs to delete when no evidence row came to exist.
 */
const NAME = /^([A-Za-z0-9._-]+~\d+)~([a-z0-9_]+)\.([a-z0-9.]+)$/;

export function spoolPath(incomingDir: string, evidenceId: string, suffix: string): string {
  return join(incomingDir, `${processOwner()}~${evidenceId}.${suffix}`);
}

/** Marks evidence `evidenceId` as stored but not yet recorded (see `sweepIncomingEvidence`). */
export async function markPending(incomingDir: string, evidenceId: string): Promise<string> {
  const path = spoolPath(incomingDir, evidenceId, 'pending');
  await writeFile(path, '', { mode: 0o600 });
  return path;
}

export interface SpoolFile {
  evidenceId: string;
  pending: boolean;
  /** Whether the process that made it is certainly gone (this host, its pid not running). */
  ownerGone: boolean;
}

export function parseSpoolName(name: string): SpoolFile | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, owner, evidenceId, suffix] = match;
  return { evidenceId: evidenceId!, pending: suffix === 'pending', ownerGone: ownerGone(owner!) };
}
