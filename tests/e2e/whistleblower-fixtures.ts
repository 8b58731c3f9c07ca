import { writeFile } from 'node:fs/promises';
import { ExifTool } from 'exiftool-vendored';
import jpeg from 'jpeg-js';
import { expect } from 'vitest';

/**
 * Fixtures for the whistleblower end-to-end tests, built in code: reporters with distinctive
 * personal data, and photos carrying the GPS and device metadata a phone writes.
 */

/** Where the photo was "taken": must never reach staff in any form. */
export const PHOTO_GPS = { latitude: 26.0812, longitude: 119.3071 };
export const PHOTO_DEVICE = {
  make: 'Snitchphone',
  model: 'SP-4242 Ultra',
  serial: 'SNX-77120934',
  owner: 'Qiuyue Leakwell',
};

/** The last character of a resident ID (GB 11643, ISO 7064 MOD 11-2). */
export function residentIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

export interface TestReporter {
  realName: string;
  residentId: string;
  phone: string;
  bankAccount: { bankName: string; accountNumber: string; accountName: string };
  passphrase: string;
}

/** Reporters whose every identifying value is unusual enough to be found anywhere it leaks. */
export function distinctiveReporters(): TestReporter[] {
  const make = (
    name: string,
    idBody: string,
    phone: string,
    bank: string,
    account: string,
  ): TestReporter => ({
    realName: name,
    residentId: `${idBody}${residentIdCheck(idBody)}`,
    phone,
    bankAccount: { bankName: bank, accountNumber: account, accountName: name },
    passphrase: 'correct horse battery staple',
  });
  return [
    make('欧阳琪琪', '35010219870605231', '13959871234', '福州泄密银行', '6222029988776655443'),
    make(
      'Wilhelmina Leakfinder',
      '35010419920229004',
      '15800734982',
      'Bank of Unlikely Leaks',
      '6217003300114477889',
    ),
  ];
}

/** The strings that must never appear in a staff response, log line or error. */
export function sensitiveValues(reporters: TestReporter[]): string[] {
  const values = reporters.flatMap((r) => [
    r.realName,
    r.residentId,
    r.phone,
    r.bankAccount.accountNumber,
    r.bankAccount.bankName,
  ]);
  const gps = [PHOTO_GPS.latitude, PHOTO_GPS.longitude].flatMap((degrees) => {
    const whole = Math.trunc(degrees);
    const minutes = (degrees - whole) * 60;
    return [String(degrees), `${whole} deg ${Math.trunc(minutes)}'`, `${whole},${Math.trunc(minutes)}`];
  });
  return [...values, ...gps, PHOTO_DEVICE.make, PHOTO_DEVICE.model, PHOTO_DEVICE.serial, PHOTO_DEVICE.owner];
}

/** A JPEG of noise (incompressible, so its size is predictable), `width`×`height`. */
export function makeNoiseJpeg(width: number, height: number, quality = 90): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let seed = 42;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    data[i] = i % 4 === 3 ? 255 : seed >> 23;
  }
  return Buffer.from(jpeg.encode({ width, height, data }, quality).data);
}

/** Writes a photo with GPS position, camera make/model/serial and owner, like a phone does. */
export async function writeGeotaggedJpeg(
  exiftool: ExifTool,
  path: string,
  width = 48,
  height = 32,
): Promise<void> {
  await writeFile(path, makeNoiseJpeg(width, height));
  await exiftool.write(
    path,
    {
      GPSLatitude: PHOTO_GPS.latitude,
      GPSLatitudeRef: 'N',
      GPSLongitude: PHOTO_GPS.longitude,
      GPSLongitudeRef: 'E',
      Make: PHOTO_DEVICE.make,
      Model: PHOTO_DEVICE.model,
      SerialNumber: PHOTO_DEVICE.serial,
      OwnerName: PHOTO_DEVICE.owner,
      Artist: PHOTO_DEVICE.owner,
      DateTimeOriginal: '2026:01:03 21:14:05',
    } as never,
    { writeArgs: ['-overwrite_original'] },
  );
}

export function newExifTool(): ExifTool {
  return new ExifTool({ maxProcs: 1 });
}

/** Tags that would place or identify a reporter's photo; none may survive stripping. */
const IDENTIFYING_TAGS = [
  'GPSLatitude',
  'GPSLongitude',
  'GPSPosition',
  'Make',
  'Model',
  'SerialNumber',
  'OwnerName',
  'Artist',
  'DateTimeOriginal',
];

/**
 * Reads a downloaded evidence file back with exiftool: it must be a JPEG with none of the
 * identifying tags. Returns every tag, for checks of the values themselves.
 */
export async function readStrippedJpeg(exiftool: ExifTool, path: string): Promise<Record<string, unknown>> {
  const tags = (await exiftool.read(path)) as Record<string, unknown>;
  expect(tags.FileType).toBe('JPEG');
  for (const tag of IDENTIFYING_TAGS) {
    expect(tags[tag], `${tag} survived stripping`).toBeUndefined();
  }
  return tags;
}
