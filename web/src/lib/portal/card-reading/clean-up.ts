/**
 * The browser's version of the server's image clean-up (functions/card-reader/clean-up.ts, which uses sharp):
 * upright (the browser applies EXIF orientation when decoding), grey, straightened, 1,800 px wide, with
 * light-on-dark bands turned dark-on-light and the lighting evened out — so Tesseract reads a phone photo of a
 * card about as well here as on the server. Canvas only; the pixel steps are the server's own
 * (shared/card-reading/pixels.ts).
 */
import { flattenLighting, skewOfFlattened } from '$shared/card-reading/pixels';

const TARGET_WIDTH = 1800;
const TILE_SIZE = 48;
const SKEW_SAMPLE_WIDTH = 480;

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
    const angle = skewOfFlattened(flattenLighting(sample.data, sample.width, sample.height, 16), sample.width, sample.height);
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
