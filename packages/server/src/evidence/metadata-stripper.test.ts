import type { Tags } from 'exiftool-vendored';
import { describe, expect, it } from 'vitest';
import { identifyingTags } from './metadata-stripper.js';

const tags = (record: Record<string, unknown>) => record as unknown as Tags;

describe('the check after stripping', () => {
  it('flags places, devices, people and moments wherever they sit', () => {
    expect(
      identifyingTags(
        tags({
          'Track3:GPSLatitude': '26 deg 4\' 28.20" N', // a GPS track embedded as a media stream
          'UserData:Make': 'LeakPhone',
          'Keys:Model': 'X1000',
          'IFD0:Artist': 'Zhang',
          'XMP-dc:Creator': 'Zhang',
          'IPTC:By-line': 'Zhang',
          'ExifIFD:SerialNumber': 'SN',
          'ItemList:Software': 'Cam',
          'Track1:TrackCreateDate': '2026:01:02 11:22:33',
          'PNG:ModifyDate': '2026:01:02 11:22:33',
          'Keys:LocationName': 'Gulou',
        }),
      ).sort(),
    ).toEqual(
      [
        'IFD0:Artist',
        'IPTC:By-line',
        'ExifIFD:SerialNumber',
        'ItemList:Software',
        'Keys:LocationName',
        'Keys:Model',
        'PNG:ModifyDate',
        'Track1:TrackCreateDate',
        'Track3:GPSLatitude',
        'UserData:Make',
        'XMP-dc:Creator',
      ].sort(),
    );
  });

  it('lets structure, zeroed dates, durations and file-system facts pass', () => {
    expect(
      identifyingTags(
        tags({
          SourceFile: '/tmp/x.mp4',
          'System:FileModifyDate': '2026:11:27 18:00:00+00:00',
          'File:MIMEType': 'video/mp4',
          'QuickTime:CreateDate': '0000:00:00 00:00:00',
          'Track1:MediaCreateDate': '0000:00:00 00:00:00',
          'QuickTime:TimeScale': 1000,
          'Track1:MediaTimeScale': 600,
          'QuickTime:PreviewTime': '0 s',
          'QuickTime:PosterTime': '0 s',
          'QuickTime:SelectionDuration': '0 s',
          'Track1:TrackDuration': '1.00 s',
          'QuickTime:MatrixStructure': '1 0 0 0 1 0 0 0 1',
          'IFD0:Orientation': 'Rotate 90 CW',
          'PNG:ImageWidth': 4,
          'Composite:ImageSize': '4x4',
          errors: [],
          warnings: [],
        }),
      ),
    ).toEqual([]);
  });
});
