import sharp from 'sharp';
import { flattenLighting, skewOfFlattened } from '../../shared/card-reading/pixels.ts';

/**
 * Makes a card photo easy for Tesseract: upright (EXIF orientation), grey, at a size where printed text is
 * 20–40 px tall, with light-on-dark bands turned dark-on-light and the lighting evened out.
 *
 * Why: Tesseract binarises the whole page with one threshold (Otsu), so white text on a coloured header band
 * and the shaded half of a photographed card are lost with plain defaults. Dividing each pixel by an estimate of
 * its local background (a per-tile median, interpolated) flattens uneven light; where that background is dark,
 * the tile is inverted first, so a band's white text becomes dark text on white.
 */
const TARGET_WIDTH = 1800;
const TILE_SIZE = 48;

/** The contrast curve after flattening: levels up to BLACK_POINT are ink, the rest a gamma that darkens grey. */
const BLACK_POINT = 40;
const GAMMA = 1.5;
const CONTRAST = Uint8Array.from({ length: 256 }, (_, level) =>
  Math.round(255 * Math.pow(Math.max(0, level - BLACK_POINT) / (255 - BLACK_POINT), GAMMA)),
);
/** Pixel noise (see pixelNoise) from which an image is smoothed first: clean scans measure 0, photos 1–2. */
const NOISY = 1;

export interface CleanedImage {
  png: Buffer;
  width: number;
  height: number;
}

export async function cleanUpCardImage(bytes: Uint8Array): Promise<CleanedImage> {
  const upright = await sharp(bytes, { limitInputPixels: 50_000_000 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('b-w')
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: upright.info.width, height: upright.info.height, channels: 1 as const };
  const smoothed = await sharp(upright.data, { raw }).median(3).extractChannel(0).raw().toBuffer();
  const noisy = pixelNoise(upright.data, smoothed) >= NOISY;
  const source = () => sharp(upright.data, { raw });
  const angle = await skewAngle(source());
  let enlarged = (angle === 0 ? source() : source().rotate(-angle, { background: '#ffffff' })).resize({
    width: TARGET_WIDTH,
    kernel: 'lanczos3',
  });
  // A noisy photo (sensor noise, JPEG blocks) gets a 3×3 median after enlarging (sharp filters after resizing),
  // which removes specks without touching strokes; a clean scan is left alone (it would only lose sharpness).
  if (noisy) enlarged = enlarged.median(3);
  const { data, info } = await enlarged
    // Enlarging a small photo blurs its strokes; a light unsharp mask gives Tesseract its edges back.
    .sharpen({ sigma: 1 })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const out = flattenLighting(data, width, height, TILE_SIZE, noisy ? 'fixed' : 'relative');
  // Grey print (labels are often printed light) made darker, the paper's faint texture white: LSTM reads
  // grey levels, and a light label at 60 % grey on a photo is otherwise lost.
  for (let index = 0; index < out.length; index++) out[index] = CONTRAST[out[index]!]!;
  const png = await sharp(out, { raw: { width, height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { png, width, height };
}

/**
 * How noisy an image is: the 75th percentile of each pixel's distance from its 3×3 median. On a clean image most
 * pixels sit on flat paper or flat ink (distance 0); sensor noise and JPEG artefacts move most of them.
 */
function pixelNoise(pixels: Uint8Array, smoothed: Uint8Array): number {
  const histogram = new Uint32Array(256);
  for (let index = 0; index < pixels.length; index++) histogram[Math.abs(pixels[index]! - smoothed[index]!)]!++;
  let seen = 0;
  for (let distance = 0; distance < 256; distance++) {
    seen += histogram[distance]!;
    if (seen >= pixels.length * 0.75) return distance;
  }
  return 255;
}

const SKEW_SAMPLE_WIDTH = 480;

/**
 * The card's tilt in degrees (positive: text runs down to the right), by projection profiles: at the right angle
 * the dark pixels of each text line fall into few rows, so the sum of squared row counts peaks.
 */
async function skewAngle(image: sharp.Sharp): Promise<number> {
  const { data, info } = await image.resize({ width: SKEW_SAMPLE_WIDTH }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return skewOfFlattened(flattenLighting(data, info.width, info.height, 16), info.width, info.height);
}
