/**
 * Shrinks large card photos in the browser before upload: a 12-megapixel phone photo is 3–6 MB, while a card is
 * perfectly legible at 2000 px on its longest side. Only images above ~1.5 MB are touched, and only when the
 * browser can decode them; HEIC/HEIF (the iPhone default) cannot be drawn by most browsers, so it is converted
 * only where decoding works (Safari) and otherwise uploaded as it is. Any failure keeps the original file.
 */
const LONGEST_SIDE = 2000;
const DOWNSCALE_ABOVE_BYTES = 1.5 * 1024 * 1024;
const JPEG_QUALITY = 0.85;

const drawable = new Set(['image/jpeg', 'image/png', 'image/webp']);
const maybeDrawable = new Set(['image/heic', 'image/heif']);

export async function downscaleIfLarge(file: File, contentType: string): Promise<File> {
  const worthTrying = (drawable.has(contentType) || maybeDrawable.has(contentType)) && file.size > DOWNSCALE_ABOVE_BYTES;
  if (!worthTrying || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap | null = null;
  try {
    // `from-image` applies the EXIF orientation, so a portrait photo stays upright once re-encoded.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.fillStyle = '#fff'; // a transparent PNG would otherwise turn black in JPEG
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    if (!blob || blob.size >= file.size) return file;
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } catch {
    return file; // undecodable (HEIC in Chrome/Firefox) or out of memory: upload the original
  } finally {
    bitmap?.close();
  }
}
