import sharp from 'sharp';

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
const DARK_BACKGROUND = 110;
/**
 * On a clean image a region is also a band when its grey is below this share of the card's paper grey (the 90th
 * percentile of the tiles' medians): mid-tone bands (orange, green: grey ≈ 115) carry white print too. Not on a
 * noisy photo, where shade and the table around the card reach that share (measured: it cost photo-like cards).
 */
const MID_TONE_BAND_SHARE = 0.55;
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
const MAX_SKEW_DEGREES = 8;

/**
 * The card's tilt in degrees (positive: text runs down to the right), by projection profiles: at the right angle
 * the dark pixels of each text line fall into few rows, so the sum of squared row counts peaks.
 */
async function skewAngle(image: sharp.Sharp): Promise<number> {
  const { data, info } = await image.resize({ width: SKEW_SAMPLE_WIDTH }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const flat = flattenLighting(data, width, height, 16);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (flat[y * width + x]! < 150) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  let best = 0;
  let bestScore = -1;
  const rows = new Float64Array(height * 2 + width);
  for (let tenths = -MAX_SKEW_DEGREES * 10; tenths <= MAX_SKEW_DEGREES * 10; tenths += 5) {
    const tan = Math.tan((tenths / 10) * (Math.PI / 180));
    rows.fill(0);
    const offset = width;
    for (let i = 0; i < xs.length; i++) rows[Math.round(ys[i]! - xs[i]! * tan) + offset]!++;
    let score = 0;
    for (const count of rows) score += count * count;
    if (score > bestScore) {
      bestScore = score;
      best = tenths / 10;
    }
  }
  return Math.abs(best) < 0.5 ? 0 : best;
}

/**
 * Dark text on an even white, from any mix of dark-on-light and light-on-dark regions under uneven light.
 * Per tile: the 10th and 90th percentiles of grey. A region is light-on-dark when the tiles around it (a wide
 * window, wider than tall, as bands on cards run across) are dark on the whole — so a tile inside a big white
 * letter of a logo on a coloured band still counts as part of the band. The paper level of a tile is its 90th
 * percentile (or, inverted, its 10th), interpolated between tile centres; each pixel is divided by it.
 */
function flattenLighting(data: Uint8Array, width: number, height: number, tile: number, bands: 'fixed' | 'relative' = 'fixed'): Buffer {
  const columns = Math.ceil(width / tile);
  const rows = Math.ceil(height / tile);
  const low = new Float32Array(columns * rows);
  const mid = new Float32Array(columns * rows);
  const high = new Float32Array(columns * rows);
  const histogram = new Uint32Array(256);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      histogram.fill(0);
      let count = 0;
      for (let y = row * tile; y < Math.min(height, (row + 1) * tile); y += 2) {
        for (let x = column * tile; x < Math.min(width, (column + 1) * tile); x += 2) {
          histogram[data[y * width + x]!]!++;
          count++;
        }
      }
      const percentile = (share: number) => {
        let seen = 0;
        let level = 0;
        while (level < 255 && (seen += histogram[level]!) < count * share) level++;
        return level;
      };
      const index = row * columns + column;
      low[index] = percentile(0.1);
      mid[index] = percentile(0.5);
      high[index] = percentile(0.9);
    }
  }
  const mids = Float32Array.from(mid).sort();
  const darkBelow =
    bands === 'fixed' ? DARK_BACKGROUND : Math.max(DARK_BACKGROUND, MID_TONE_BAND_SHARE * mids[Math.floor(mids.length * 0.9)]!);
  const dark = new Uint8Array(columns * rows);
  const paper = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const around: number[] = [];
      for (let r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (let c = Math.max(0, column - 4); c <= Math.min(columns - 1, column + 4); c++) around.push(mid[r * columns + c]!);
      }
      around.sort((a, b) => a - b);
      const index = row * columns + column;
      dark[index] = around[Math.floor(around.length / 2)]! < darkBelow ? 1 : 0;
      paper[index] = dark[index] ? 255 - low[index]! : high[index]!;
    }
  }
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y - tile / 2) / tile, 0), rows - 1);
    const row0 = Math.floor(fy);
    const row1 = Math.min(row0 + 1, rows - 1);
    const ty = fy - row0;
    const nearestRow = Math.min(Math.floor(y / tile), rows - 1);
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x - tile / 2) / tile, 0), columns - 1);
      const column0 = Math.floor(fx);
      const column1 = Math.min(column0 + 1, columns - 1);
      const tx = fx - column0;
      const top = paper[row0 * columns + column0]! * (1 - tx) + paper[row0 * columns + column1]! * tx;
      const bottom = paper[row1 * columns + column0]! * (1 - tx) + paper[row1 * columns + column1]! * tx;
      const level = top * (1 - ty) + bottom * ty;
      const index = y * width + x;
      const value = dark[nearestRow * columns + Math.min(Math.floor(x / tile), columns - 1)] ? 255 - data[index]! : data[index]!;
      out[index] = Math.min(255, Math.round((value * 255) / Math.max(level, 24)));
    }
  }
  return out;
}
