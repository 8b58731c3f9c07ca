import { describe, expect, it } from 'vitest';
import { checkEvidence, claimedType, type EvidenceLimits } from './evidence-checks.js';
import { translator } from './i18n.js';

const limits: EvidenceLimits = {
  maxPhotoBytes: 1000,
  maxVideoBytes: 5000,
  maxFiles: 2,
  types: ['image/jpeg', 'image/heic', 'video/mp4', 'video/quicktime'],
};
const t = translator('en');

describe('evidence checks before upload', () => {
  it('accepts photos and videos within their own limits', () => {
    const files = [
      { name: 'a.jpg', size: 1000, type: 'image/jpeg' },
      { name: 'b.mov', size: 4000, type: '' },
    ];
    expect(checkEvidence(files, limits, t)).toEqual({ accepted: files, errors: [] });
  });

  it('refuses wrong types, empty and oversized files, and too many files, with clear messages', () => {
    const { accepted, errors } = checkEvidence(
      [
        { name: 'setup.exe', size: 10, type: 'application/x-msdownload' },
        { name: 'big.jpg', size: 1001, type: 'image/jpeg' },
        { name: 'empty.jpg', size: 0, type: 'image/jpeg' },
        { name: 'one.jpg', size: 10, type: 'image/jpeg' },
        { name: 'two.mp4', size: 10, type: 'video/mp4' },
        { name: 'three.jpg', size: 10, type: 'image/jpeg' },
      ],
      limits,
      t,
    );
    expect(accepted.map((f) => f.name)).toEqual(['one.jpg', 'two.mp4']);
    expect(errors).toEqual([
      '“setup.exe” is not a supported photo or video format.',
      '“big.jpg” is too large (1001 B); each file may be at most 1000 B.',
      '“empty.jpg” is empty.',
      'You can add at most 2 files.',
    ]);
  });

  it('infers the type from the extension when the browser gives none', () => {
    expect(claimedType({ name: 'IMG_0001.HEIC', size: 1, type: '' })).toBe('image/heic');
    expect(claimedType({ name: 'noextension', size: 1, type: '' })).toBe('');
  });

  it('speaks simplified Chinese by default', () => {
    const { errors } = checkEvidence(
      [{ name: 'x.txt', size: 1, type: 'text/plain' }],
      limits,
      translator('zh-CN'),
    );
    expect(errors).toEqual(['“x.txt”不是支持的照片或视频格式。']);
  });
});
