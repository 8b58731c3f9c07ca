import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { sharedExifTool } from '../evidence/metadata-stripper.js';

/**
 * Evidence fixtures built in code (no opaque binaries in the repository): small photos and
 * videos, and exiftool to give them the metadata a phone would (GPS, device, author, time).
 */

/** A GPS position and device that must never reach staff. */
export const LEAKY_METADATA = {
  latitude: 26.0745,
  longitude: 119.2965,
  make: 'LeakPhone',
  model: 'X1000 Pro',
  artist: 'Zhang Sanfeng',
};

/** A baseline JPEG of `width`×`height` with a deterministic colour pattern. */
export function makeJpeg(width = 32, height = 16, quality = 90): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = (i * 7) % 256;
    data[i * 4 + 1] = (i * 13) % 256;
    data[i * 4 + 2] = 200;
    data[i * 4 + 3] = 255;
  }
  return Buffer.from(jpeg.encode({ width, height, data }, quality).data);
}

/** Writes GPS, device, author, capture time and orientation into a JPEG file in place. */
export async function tagPhoto(path: string): Promise<void> {
  await sharedExifTool().write(
    path,
    {
      GPSLatitude: LEAKY_METADATA.latitude,
      GPSLongitude: LEAKY_METADATA.longitude,
      Make: LEAKY_METADATA.make,
      Model: LEAKY_METADATA.model,
      Artist: LEAKY_METADATA.artist,
      SerialNumber: 'SN-998877',
      Software: 'LeakCam 2.1',
      DateTimeOriginal: '2026:01:02 11:22:33',
      Orientation: 'Rotate 90 CW',
      'XMP-dc:Creator': [LEAKY_METADATA.artist],
      'IPTC:By-line': [LEAKY_METADATA.artist],
    } as never,
    { writeArgs: ['-overwrite_original'] },
  );
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG with an author in a tEXt chunk (`tagExifAndXmp` adds eXIf and XMP). */
export function makePng(width = 4, height = 4): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let i = 0; i < rows.length; i++) rows[i] = i % (1 + width * 3) === 0 ? 0 : (i * 7) % 256;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Author\0${LEAKY_METADATA.artist}`, 'latin1')),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes EXIF GPS, make, model and artist and an XMP creator (PNG: eXIf + iTXt; WebP: EXIF + XMP chunks). */
export async function tagExifAndXmp(path: string): Promise<void> {
  await sharedExifTool().write(
    path,
    {
      'EXIF:GPSLatitude': LEAKY_METADATA.latitude,
      'EXIF:GPSLongitude': LEAKY_METADATA.longitude,
      'EXIF:Make': LEAKY_METADATA.make,
      'EXIF:Model': LEAKY_METADATA.model,
      'EXIF:Artist': LEAKY_METADATA.artist,
      'XMP-dc:Creator': LEAKY_METADATA.artist,
    } as never,
    { writeArgs: ['-overwrite_original'] },
  );
}

/** A 1×1 lossless WebP (the smallest valid VP8L bitstream); tag it with `tagExifAndXmp`. */
export function makeWebp(): Buffer {
  return Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
}

/** The chunks of a RIFF (WebP) file by FourCC, in order. */
export function riffChunks(file: Buffer): Array<{ type: string; data: Buffer }> {
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let offset = 12; offset + 8 <= file.length; ) {
    const length = file.readUInt32LE(offset + 4);
    chunks.push({
      type: file.toString('latin1', offset, offset + 4),
      data: file.subarray(offset + 8, offset + 8 + length),
    });
    offset += 8 + length + (length % 2);
  }
  return chunks;
}

/** The bytes of each PNG chunk, by type, in order. */
export function pngChunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    chunks.push({
      type: png.toString('latin1', offset + 4, offset + 8),
      data: png.subarray(offset + 8, offset + 8 + length),
    });
    offset += 12 + length;
  }
  return chunks;
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** ftyp + moov/mvhd: the smallest movie header exiftool reads and writes. */
export function movieHeader(brand: 'isom' | 'qt  ' = 'isom'): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.from(brand, 'latin1'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from(brand === 'isom' ? 'isommp41' : 'qt  ', 'latin1'),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(3_786_825_600, 4); // creation time, seconds since 1904: 2024-01-01
  mvhd.writeUInt32BE(1000, 12); // time scale
  mvhd.writeUInt32BE(1000, 16); // duration: 1 s
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  // The identity display matrix.
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
  for (const [i, value] of matrix.entries()) mvhd.writeUInt32BE(value, 36 + i * 4);

  mvhd.writeUInt32BE(2, 96); // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd))]);
}

/** A tiny MP4 (or MOV) whose media data is `mediaBytes` of a repeating pattern. */
export function makeMovie(brand: 'isom' | 'qt  ' = 'isom', mediaBytes = 256): Buffer {
  const media = Buffer.alloc(mediaBytes);
  for (let i = 0; i < mediaBytes; i++) media[i] = (i * 31) % 251;
  return Buffer.concat([movieHeader(brand), box('mdat', media)]);
}

/** The header of an `mdat` box of `mediaBytes`, for streaming a large movie without building it. */
export function mediaDataHeader(mediaBytes: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + mediaBytes);
  header.write('mdat', 4, 'latin1');
  return header;
}

/** Writes QuickTime GPS, device, author and creation time into a movie file in place. */
export async function tagMovie(path: string): Promise<void> {
  const position = `${LEAKY_METADATA.latitude}, ${LEAKY_METADATA.longitude}`;
  await sharedExifTool().write(
    path,
    {
      'UserData:GPSCoordinates': position,
      'UserData:Make': LEAKY_METADATA.make,
      'UserData:Model': LEAKY_METADATA.model,
      'UserData:Artist': LEAKY_METADATA.artist,
      'Keys:GPSCoordinates': position,
      'Keys:Make': LEAKY_METADATA.make,
      'Keys:Model': LEAKY_METADATA.model,
      'XMP-dc:Creator': LEAKY_METADATA.artist,
      'QuickTime:CreateDate': '2026:01:02 11:22:33',
    } as never,
    { writeArgs: ['-overwrite_original'] },
  );
}

/** A Windows executable's first bytes (an `MZ` header with a PE signature). */
export function makeExecutable(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  exe.writeUInt16LE(0x14c, 0x84);
  return exe;
}

/** A multipart body from `[name, value, filename?]` parts, in order. */
export function multipartForm(parts: Array<[string, string | Blob, string?]>): FormData {
  const body = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, value, filename);
  }
  return body;
}
