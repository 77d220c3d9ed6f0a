/**
 * The pixel steps of the card clean-up that need no image library, shared by the server's reader
 * (functions/card-reader/clean-up.ts, with sharp) and the portal's on-device pre-fill
 * (web/src/lib/portal/card-reading/clean-up.ts, with a canvas), so both straighten and even out a card the same
 * way. Grey images as one byte per pixel, row by row.
 */

/** A tile whose surroundings are darker than this (grey level) is a light-on-dark band: it is inverted. */
export const DARK_BACKGROUND = 110;
/**
 * On a clean image a region is also a band when its grey is below this share of the card's paper grey (the 90th
 * percentile of the tiles' medians): mid-tone bands (orange, green: grey ≈ 115) carry white print too. Not on a
 * noisy photo, where shade and the table around the card reach that share (measured: it cost photo-like cards).
 */
export const MID_TONE_BAND_SHARE = 0.55;
/** The largest tilt looked for, in degrees either way. */
export const MAX_SKEW_DEGREES = 8;

/**
 * The card's tilt in degrees (positive: text runs down to the right), by projection profiles: at the right angle
 * the dark pixels of each text line fall into few rows, so the sum of squared row counts peaks.
 */
export function skewOfFlattened(flat: Uint8Array, width: number, height: number): number {
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
 * Dark text on an even white, from any mix of dark-on-light and light-on-dark regions under uneven light.
 * Per tile: the 10th and 90th percentiles of grey. A region is light-on-dark when the tiles around it (a wide
 * window, wider than tall, as bands on cards run across) are dark on the whole — so a tile inside a big white
 * letter of a logo on a coloured band still counts as part of the band. The paper level of a tile is its 90th
 * percentile (or, inverted, its 10th), interpolated between tile centres; each pixel is divided by it.
 */
export function flattenLighting(
  data: Uint8Array,
  width: number,
  height: number,
  tile: number,
  bands: 'fixed' | 'relative' = 'fixed',
): Uint8Array {
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
