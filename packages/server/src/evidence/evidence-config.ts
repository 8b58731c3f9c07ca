import { isAbsolute, join, resolve } from 'node:path';
import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

const MiB = 1024 * 1024;

/** Evidence limits and storage, from the environment. Defaults in docs/whistleblower-protection.md. */
export interface EvidenceConfig {
  /** Largest photo accepted (EVIDENCE_MAX_PHOTO_BYTES, default 20 MiB). */
  maxPhotoBytes: number;
  /** Largest video accepted (EVIDENCE_MAX_VIDEO_BYTES, default 200 MiB). */
  maxVideoBytes: number;
  /** Evidence files per tip (EVIDENCE_MAX_FILES_PER_TIP, default 10). */
  maxFilesPerTip: number;
  /** The default file store's folder (EVIDENCE_DIR, default DATA_DIR/evidence). */
  storeDir: string;
  /**
   * Where uploads are spooled while they are checked and stripped (EVIDENCE_INCOMING_DIR,
   * default DATA_DIR/evidence-incoming). Plaintext lives here for seconds; keep it on a local,
   * encrypted disk, never on shared storage.
   */
  incomingDir: string;
}

/** The evidence limits and folders (`ctx.settings.of(EVIDENCE_SETTINGS)`). */
export const EVIDENCE_SETTINGS = defineSettings('evidence', (read, config): EvidenceConfig => {
  const dir = (name: string, fallback: string) => {
    const value = read.string(name, fallback);
    return isAbsolute(value) ? value : resolve(config.dataDir, value);
  };
  const evidence: EvidenceConfig = {
    maxPhotoBytes: read.int('EVIDENCE_MAX_PHOTO_BYTES', 20 * MiB, { min: 1024 }),
    maxVideoBytes: read.int('EVIDENCE_MAX_VIDEO_BYTES', 200 * MiB, { min: 1024 }),
    maxFilesPerTip: read.int('EVIDENCE_MAX_FILES_PER_TIP', 10, { min: 0, max: 100 }),
    storeDir: dir('EVIDENCE_DIR', join(config.dataDir, 'evidence')),
    incomingDir: dir('EVIDENCE_INCOMING_DIR', join(config.dataDir, 'evidence-incoming')),
  };
  return evidence;
});

/** Reads the evidence settings on their own; throws a ConfigError listing every problem. */
export function readEvidenceConfig(config: { rawEnv: Env; dataDir: string }): EvidenceConfig {
  return readSettings(EVIDENCE_SETTINGS, config);
}
