import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../http/app-context.js';
import type { BackgroundTask } from '../http/server-module.js';
import { loadSecretKey } from '../keys/secret-key-file.js';
import { EVIDENCE_SETTINGS } from './evidence-config.js';
import { createEvidenceService, EVIDENCE_KEY_NAME } from './evidence-service.js';
import { endSharedExifTool } from './metadata-stripper.js';
import { parseSpoolName } from './upload-spool.js';

const STALE_AFTER_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 15 * 60 * 1000;

export interface SweepDeps {
  /** Whether an evidence row with this id committed. */
  isRecorded(evidenceId: string): Promise<boolean>;
  /** Deletes the blobs stored for this evidence id. */
  deleteBlobs(evidenceId: string): Promise<void>;
}

/**
 * Removes what a crash left in the incoming folder: spooled uploads (unstripped plaintext) and
 * the blobs named by `.pending` markers whose evidence never got its row. Files of a dead
 * process of this host go at once (the start-up sweep); others only once an hour old, so uploads
 * in progress on another instance sharing the folder are left alone.
 */
export async function sweepIncomingEvidence(
  incomingDir: string,
  now: number,
  deps: SweepDeps,
): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(incomingDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(incomingDir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const spooled = parseSpoolName(name);
    if (!spooled?.ownerGone && now - info.mtimeMs <= STALE_AFTER_MS) continue;
    if (spooled?.pending && !(await deps.isRecorded(spooled.evidenceId))) {
      await deps.deleteBlobs(spooled.evidenceId);
    }
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}

/**
 * The evidence module's background work: checks at start that the evidence key and limits are
 * usable (a production start without `evidence.key` fails here), sweeps stale uploads, and on
 * shutdown ends the shared exiftool process.
 */
export function startEvidenceHousekeeping(ctx: AppContext): BackgroundTask {
  loadSecretKey(ctx.config, EVIDENCE_KEY_NAME);
  const { incomingDir } = ctx.settings.of(EVIDENCE_SETTINGS);
  // Upload ages are file times, so they are measured on the machine's time, not ctx.clock.
  const evidence = createEvidenceService(ctx);
  const deps: SweepDeps = {
    async isRecorded(id) {
      return (
        (await ctx.db.execute({ sql: 'SELECT 1 FROM evidence WHERE id = ?', args: [id] })).rows.length > 0
      );
    },
    deleteBlobs: (id) => evidence.deleteBlobsOf(id),
  };
  const sweep = () =>
    sweepIncomingEvidence(incomingDir, Date.now(), deps)
      .then((removed) => {
        if (removed > 0) ctx.logger.warn('removed stale evidence uploads', { module: 'evidence', removed });
      })
      .catch((error: Error) =>
        ctx.logger.error('evidence sweep failed', { module: 'evidence', errorName: error.name }),
      );
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await endSharedExifTool();
    },
  };
}
