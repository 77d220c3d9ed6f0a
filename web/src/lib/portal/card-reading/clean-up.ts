/**
 * The browser's version of the server's image clean-up (functions/card-reader/clean-up.ts, which uses sharp):
 * upright (the browser applies EXIF orientation when decoding), grey, straightened, 1,800 px wide, with
 * light-on-dark bands turned dark-on-light and the lighting evened out — so Tesseract reads a phone photo of a
 * card about as well here as on the server. Canvas only; the pixel steps are plain functions.
 */

const TARGET_WIDTH = 1800;
const TILE_SIZE = 48;
const DARK_BACKGROUND = 110;
const SKEW_SAMPLE_WIDTH = 480;
const MAX_SKEW_DEGREES = 8;

type Canvas = HTMLCanvasElement | OffscreenCanvas;
type Context = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function canvas(width: number, height: number): { canvas: Canvas; context: Context } {
  const made: Canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = made.getContext('2d', { willReadFrequently: true }) as Context | null;
  if (!context) throw new Error('canvas unavailable');
  return { canvas: made, context };
}

/** Luminance of each pixel of an RGBA buffer. */
function grey(rgba: Uint8ClampedArray): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(0.2126 * rgba[i * 4]! + 0.7152 * rgba[i * 4 + 1]! + 0.0722 * rgba[i * 4 + 2]!);
  }
  return out;
}

/** The image drawn `width` px wide in grey, turned by -`angle`° on a canvas grown to hold it whole (as sharp's rotate). */
function drawn(image: ImageBitmap, width: number, angle: number): { data: Uint8Array; width: number; height: number; canvas: Canvas } {
  const radians = (angle * Math.PI) / 180;
  const [cos, sin] = [Math.abs(Math.cos(radians)), Math.abs(Math.sin(radians))];
  const scale = width / (image.width * cos + image.height * sin);
  const height = Math.round((image.width * sin + image.height * cos) * scale);
  const { canvas: target, context } = canvas(width, height);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.translate(width / 2, height / 2);
  context.rotate(-radians);
  context.drawImage(image, (-image.width * scale) / 2, (-image.height * scale) / 2, image.width * scale, image.height * scale);
  context.resetTransform();
  return { data: grey(context.getImageData(0, 0, width, height).data), width, height, canvas: target };
}

/** The cleaned-up card, ready for Tesseract (a canvas it can read). Throws when the image cannot be decoded. */
export async function cleanUpCardImage(file: Blob): Promise<Canvas> {
  const image = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const sample = drawn(image, SKEW_SAMPLE_WIDTH, 0);
    const angle = skewAngle(flattenLighting(sample.data, sample.width, sample.height, 16), sample.width, sample.height);
    const full = drawn(image, TARGET_WIDTH, angle);
    const flat = flattenLighting(full.data, full.width, full.height, TILE_SIZE);
    const context = full.canvas.getContext('2d') as Context;
    const pixels = context.createImageData(full.width, full.height);
    for (let i = 0; i < flat.length; i++) {
      pixels.data[i * 4] = pixels.data[i * 4 + 1] = pixels.data[i * 4 + 2] = flat[i]!;
      pixels.data[i * 4 + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
    return full.canvas;
  } finally {
    image.close();
  }
}

/**
 * The card's tilt in degrees (positive: text runs down to the right), by projection profiles: at the right angle
 * the dark pixels of each text line fall into few rows, so the sum of squared row counts peaks.
 */
export function skewAngle(flat: Uint8Array, width: number, height: number): number {
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
    for (let i = 0; i < xs.length; i++) rows[Math.round(ys[i]! - xs[i]! * tan) + width]!++;
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
 * Dark text on an even white, from any mix of dark-on-light and light-on-dark regions under uneven light (the
 * server's rule): per tile the 10th/50th/90th percentiles of grey; a tile is inverted when the tiles around it
 * (a wide window: bands on cards run across) are dark on the whole; each pixel is divided by its paper level,
 * interpolated between tile centres.
 */
export function flattenLighting(data: Uint8Array, width: number, height: number, tile: number): Uint8Array {
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
      dark[index] = around[Math.floor(around.length / 2)]! < DARK_BACKGROUND ? 1 : 0;
      paper[index] = dark[index] ? 255 - low[index]! : high[index]!;
    }
  }
  const out = new Uint8Array(width * height);
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
