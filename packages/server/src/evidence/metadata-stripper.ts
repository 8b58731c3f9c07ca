import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ExifTool, type Tags } from 'exiftool-vendored';
import { unprocessable } from '../problem/problem-error.js';
import type { EvidenceKind } from './evidence-types.js';

/**
 * Metadata stripping with exiftool (through exiftool-vendored), without re-encoding: exiftool
 * rewrites the container and drops the metadata segments, leaving the image or video data
 * bytes as they were.
 *
 * One exiftool process pool per server process (starting perl costs ~100 ms); the evidence
 * module's background hook ends it on shutdown.
 */
let shared: ExifTool | undefined;

// util-linux's setpriv: the exiftool it starts gets SIGKILL when the server dies, however it dies.
const SETPRIV = '/usr/bin/setpriv';

export function sharedExifTool(): ExifTool {
  // Large videos take a while to rewrite; the default 20 s task timeout is too short for them.
  shared ??= createExifTool();
  return shared;
}

/**
 * exiftool runs `-stay_open`, reading commands from its stdin; if the server is killed (kill -9,
 * OOM) it would live on as an orphan. On Linux it is started under a parent-death signal, so no
 * exiftool outlives the server; elsewhere exiftool-vendored's own spawn is used.
 */
function createExifTool(): ExifTool {
  if (process.platform !== 'linux' || !existsSync(SETPRIV) || !existsSync('/usr/bin/perl'))
    return new ExifTool({ taskTimeoutMillis: 180_000 });
  const exiftool: ExifTool = new ExifTool({
    taskTimeoutMillis: 180_000,
    processFactory: async () =>
      spawn(
        SETPRIV,
        ['--pdeathsig', 'KILL', '--', await exiftool.exiftoolPath(), ...exiftool.options.exiftoolArgs],
        { stdio: 'pipe', shell: false, detached: false, env: { ...exiftool.options.exiftoolEnv, LANG: 'C' } },
      ),
  });
  return exiftool;
}

export async function endSharedExifTool(): Promise<void> {
  const running = shared;
  shared = undefined;
  await running?.end();
}

// Groups that describe the file itself (name, size, permissions, dimensions), not its origin.
const FILE_SYSTEM_GROUPS = /^(SourceFile|errors|warnings|ExifTool|System|File)(:|$)/;

/**
 * Tags that identify a place, a device, a person or a moment. After stripping, none may remain
 * (dates are allowed only when zeroed: the QuickTime header dates cannot be removed, only
 * blanked).
 */
const IDENTIFYING_TAG =
  /gps|location|latitude|longitude|coordinates|altitude|make|model|serial|artist|author|creator|by-?line|copyright|owner|software|host|lens|camera|firmware|comment|contact|credit|rights/i;
const DATE_TAG = /date|time(?!scale)/i;
const ZERO_DATE = /^0000:00:00( 00:00:00)?/;
// Structural QuickTime fields (offsets into the movie, in seconds) that match DATE_TAG.
const STRUCTURAL = new Set(['PreviewTime', 'PosterTime', 'SelectionTime', 'CurrentTime']);

const ZERO = '0000:00:00 00:00:00';

function tagNames(tags: Tags): string[] {
  return Object.keys(tags).filter((key) => !FILE_SYSTEM_GROUPS.test(key));
}

/** The identifying tags still present in `tags` (names only). */
export function identifyingTags(tags: Tags): string[] {
  const record = tags as unknown as Record<string, unknown>;
  return tagNames(tags).filter((key) => {
    const name = key.split(':').pop() ?? key;
    if (STRUCTURAL.has(name)) return false;
    const value = String(record[key] ?? '');
    if (DATE_TAG.test(name)) {
      // Durations (`1.00 s`) are not moments; a zeroed date is no longer one either.
      return !ZERO_DATE.test(value) && !/^\d+(\.\d+)? s$/.test(value) && value !== '0';
    }
    return IDENTIFYING_TAG.test(name);
  });
}

/** Reads every tag, grouped (`GPS:GPSLatitude`), including embedded streams (`-ee`). */
export function readAllTags(path: string): Promise<Tags> {
  return sharedExifTool().readRaw(path, { readArgs: ['-G1', '-a', '-ee', '-api', 'LargeFileSupport=1'] });
}

/**
 * Strips `path` in place: every EXIF/XMP/IPTC/ICC/maker-note and PNG text block; for photos
 * the orientation is kept (so the picture is not shown sideways); for videos the QuickTime
 * user data, keys and item lists go and the header dates that cannot be removed are zeroed.
 * Then reads the file back and refuses it (422) if anything identifying remains, e.g. a GPS
 * track embedded as a media stream, which exiftool cannot remove without re-encoding.
 * Returns the names (never the values) of the tags that were removed; pass `before` (the tags
 * read from the same file earlier, e.g. while it was being sealed) to save a read.
 */
export async function stripMetadata(path: string, kind: EvidenceKind, before?: Tags): Promise<string[]> {
  const exiftool = sharedExifTool();
  let after: Tags;
  try {
    before ??= await readAllTags(path);
    if (kind === 'photo') {
      await exiftool.write(
        path,
        {},
        { writeArgs: ['-all=', '-tagsfromfile', '@', '-Orientation', '-overwrite_original'] },
      );
    } else {
      await exiftool.write(
        path,
        {},
        { writeArgs: ['-all=', '-overwrite_original', '-api', 'LargeFileSupport=1'] },
      );
      // `-wm w` edits existing tags only, so no date tag is created where there was none.
      await exiftool.write(
        path,
        {},
        {
          writeArgs: [
            '-wm',
            'w',
            `-QuickTime:Time:All=${ZERO}`,
            '-overwrite_original',
            '-api',
            'LargeFileSupport=1',
          ],
        },
      );
    }
    after = await readAllTags(path);
  } catch {
    throw unprocessable('evidence_unreadable', 'The evidence file is damaged or could not be processed.');
  }
  const remaining = identifyingTags(after);
  if (remaining.length > 0) {
    throw unprocessable(
      'evidence_metadata_not_removable',
      `Identifying metadata could not be removed from this file without re-encoding it (${remaining.slice(0, 5).join(', ')}). Export the photo or video without location and try again.`,
    );
  }
  const kept = new Set(tagNames(after));
  return tagNames(before)
    .filter((name) => !kept.has(name) && !name.startsWith('Composite:'))
    .sort();
}
