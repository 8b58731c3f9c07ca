import sharp, { type Metadata, type OverlayOptions, type Sharp } from 'sharp';
import { unprocessable } from '../problem/problem-error.js';

export interface RedactionBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decompression bombs stop here: 100 megapixels is beyond any phone photo. */
const MAX_INPUT_PIXELS = 100_000_000;

/** The encoder a redacted photo is written with: PNG and WebP keep their format, the rest is JPEG. */
function encoderFor(contentType: string): { contentType: string; encode: (image: Sharp) => Sharp } {
  if (contentType === 'image/png') return { contentType, encode: (image) => image.png() };
  if (contentType === 'image/webp') return { contentType, encode: (image) => image.webp({ quality: 90 }) };
  return { contentType: 'image/jpeg', encode: (image) => image.jpeg({ quality: 90 }) };
}

/**
 * Draws an opaque black box over each region of the photo as displayed (EXIF orientation applied)
 * and re-encodes it. sharp writes no metadata unless asked to, so the result carries none:
 * no EXIF, no XMP, no ICC profile, no thumbnail that could still show what the boxes cover.
 */
export async function drawOpaqueBoxes(
  input: Buffer,
  contentType: string,
  regions: readonly RedactionBox[],
): Promise<{ data: Buffer; contentType: string }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw unprocessable('photo_unreadable', 'The photo cannot be decoded, so it cannot be redacted.');
  }
  // EXIF orientations 5–8 turn the image a quarter: the displayed width is the stored height.
  const turned = (metadata.orientation ?? 1) >= 5;
  const width = (turned ? metadata.height : metadata.width) ?? 0;
  const height = (turned ? metadata.width : metadata.height) ?? 0;
  regions.forEach((region, index) => {
    if (region.x + region.width > width || region.y + region.height > height) {
      throw unprocessable(
        'region_outside_image',
        `Region ${index + 1} reaches beyond the ${width}×${height} image.`,
      );
    }
  });
  const box = (region: RedactionBox): OverlayOptions => ({
    input: {
      create: {
        width: region.width,
        height: region.height,
        channels: 4,
        background: { r: 0, g: 0, b: 0, alpha: 1 },
      },
    },
    left: region.x,
    top: region.y,
  });
  const encoder = encoderFor(contentType);
  // One pipeline: sharp applies the orientation before it composites, and decodes only once.
  let data: Buffer;
  try {
    data = await encoder
      .encode(sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().composite(regions.map(box)))
      .toBuffer();
  } catch {
    throw unprocessable('photo_unreadable', 'The photo cannot be decoded, so it cannot be redacted.');
  }
  return { data, contentType: encoder.contentType };
}
