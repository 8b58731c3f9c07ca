import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sharedExifTool } from '../evidence/metadata-stripper.js';
import { LEAKY_METADATA } from './evidence-fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * Downloads an evidence file as staff and checks what staff get: a JPEG with the recorded
 * SHA-256 and none of the planted GPS, device or author metadata (read back with exiftool).
 */
export async function expectStrippedJpegDownload(
  t: TestApp,
  path: string,
  token: string,
  sha256: string,
  workDir: string,
): Promise<void> {
  const download = await t.request(path, { token });
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('image/jpeg');
  const bytes = Buffer.from(await download.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
  const downloaded = join(workDir, `downloaded-${sha256.slice(0, 8)}.jpg`);
  await writeFile(downloaded, bytes);
  const tags = (await sharedExifTool().read(downloaded)) as Record<string, unknown>;
  expect(tags.GPSLatitude).toBeUndefined();
  expect(tags.Make).toBeUndefined();
  expect(JSON.stringify(tags)).not.toContain(LEAKY_METADATA.artist);
}
