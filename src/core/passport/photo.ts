// The photo a person gives at sign-up (DOMAIN.md S1.7: "only if no digital identity;
// jpeg/jpg/png/bmp") or HR takes for the *Create identity credential* form (E5.5), made into what
// the Identity credential's `photograph` claim holds: a base64 JPEG of about passport-photo size
// (§5.3 API records: ~450×600 for a document image, a few tens of KB). Pure: bytes in, bytes out.
//
// The format is recognised by its magic bytes, never by the file name or the browser's media type.
// Decoding is pure JavaScript (jpeg-js, pngjs; BMP by hand) so no native image library runs on
// uploaded data, and every decoder is bounded before it allocates: jpeg-js by its own resolution
// and memory limits, PNG and BMP by the dimensions in their headers, checked first. The image is
// always decoded and re-encoded, which also drops whatever metadata the file carried (EXIF GPS
// position, camera serial). EXIF orientation is not applied: a phone photo stored sideways stays
// sideways, and HR sees it before it goes into a credential.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** The box a photo is scaled down to fit (portrait, like a passport photo; DOMAIN.md §5.3). */
export const PHOTO_MAX_WIDTH = 450;
export const PHOTO_MAX_HEIGHT = 600;
/** Smaller than this in either direction is too small to recognise a face by. */
export const PHOTO_MIN_SIDE = 100;
/** Decoding limit: 24 megapixels is above what a phone camera saves by default. */
export const PHOTO_MAX_MEGAPIXELS = 24;
const MAX_PIXELS = PHOTO_MAX_MEGAPIXELS * 1_000_000;
/** jpeg-js counts its own allocations (coefficients, component buffers, the RGBA output). */
const JPEG_MAX_MEMORY_MB = 320;
const JPEG_QUALITY = 80;

export type PhotoProblem = 'not-an-image' | 'unsupported-bmp' | 'too-large' | 'too-small';
export type PhotoResult = { ok: true; jpeg: Buffer; width: number; height: number } | { ok: false; problem: PhotoProblem };

/** What a form says about each problem (beside the field). */
export const PHOTO_PROBLEM_MESSAGES: Record<PhotoProblem, string> = {
  'not-an-image': 'The selected file must be a JPEG, PNG or BMP image',
  'unsupported-bmp': 'The selected BMP file is a kind that cannot be read: save it as a JPEG or PNG and upload that',
  'too-large': 'The selected image is too large: it must be at most 24 megapixels',
  'too-small': 'The selected image is too small: it must be at least 100 pixels wide and 100 pixels high',
};

type Format = 'jpeg' | 'png' | 'bmp';
interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}
type Decoded = { ok: true; image: Rgba } | { ok: false; problem: PhotoProblem };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image format from the first bytes, or undefined. */
export function photoFormat(data: Uint8Array): Format | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 8 && Buffer.from(data.subarray(0, 8)).equals(PNG_SIGNATURE)) return 'png';
  if (data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d) return 'bmp';
  return undefined;
}

/** The uploaded bytes as the photo to keep: a JPEG fitting 450×600, or why not. */
export function processPhoto(data: Uint8Array): PhotoResult {
  const format = photoFormat(data);
  if (!format) return { ok: false, problem: 'not-an-image' };
  const decoded = format === 'jpeg' ? decodeJpeg(data) : format === 'png' ? decodePng(data) : decodeBmp(data);
  if (!decoded.ok) return decoded;
  const { image } = decoded;
  if (image.width < PHOTO_MIN_SIDE || image.height < PHOTO_MIN_SIDE) return { ok: false, problem: 'too-small' };
  const fitted = fit(image, PHOTO_MAX_WIDTH, PHOTO_MAX_HEIGHT);
  const encoded = jpeg.encode({ width: fitted.width, height: fitted.height, data: fitted.data }, JPEG_QUALITY);
  return { ok: true, jpeg: Buffer.from(encoded.data), width: fitted.width, height: fitted.height };
}

function decodeJpeg(data: Uint8Array): Decoded {
  try {
    const image = jpeg.decode(data, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: PHOTO_MAX_MEGAPIXELS, maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB });
    if (!(image.width > 0 && image.height > 0) || image.data.length !== image.width * image.height * 4) return { ok: false, problem: 'not-an-image' };
    return { ok: true, image };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: /maxResolutionInMP|maxMemoryUsageInMB/.test(message) ? 'too-large' : 'not-an-image' };
  }
}

function decodePng(data: Uint8Array): Decoded {
  // The header's dimensions before pngjs allocates width × height × 4 bytes for them.
  if (data.length < 24 || Buffer.from(data.subarray(12, 16)).toString('latin1') !== 'IHDR') return { ok: false, problem: 'not-an-image' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) return { ok: false, problem: 'not-an-image' };
  if (width * height > MAX_PIXELS) return { ok: false, problem: 'too-large' };
  try {
    const png = PNG.sync.read(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (png.width !== width || png.height !== height || png.data.length !== width * height * 4) return { ok: false, problem: 'not-an-image' };
    // Transparent parts are shown on white, as a page would show them (a JPEG has no alpha).
    const out = new Uint8Array(png.data.length);
    for (let i = 0; i < png.data.length; i += 4) {
      const a = png.data[i + 3]!;
      for (let c = 0; c < 3; c++) out[i + c] = Math.round((png.data[i + c]! * a + 255 * (255 - a)) / 255);
      out[i + 3] = 255;
    }
    return { ok: true, image: { width, height, data: out } };
  } catch {
    return { ok: false, problem: 'not-an-image' };
  }
}

/**
 * BMP: only the uncompressed 24- and 32-bit BI_RGB kind (what Paint and most tools save as
 * "24-bit bitmap"). Palette, RLE, bit-field and OS/2 variants are refused as `unsupported-bmp`
 * rather than half-read. Every offset is checked against the file's length before it is read.
 */
function decodeBmp(data: Uint8Array): Decoded {
  if (data.length < 54) return { ok: false, problem: 'not-an-image' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  // 40 is BITMAPINFOHEADER; 108 (V4) and 124 (V5) extend it with the same first fields. 12 is OS/2.
  if (headerSize !== 40 && headerSize !== 108 && headerSize !== 124) return { ok: false, problem: 'unsupported-bmp' };
  if (14 + headerSize > data.length) return { ok: false, problem: 'not-an-image' };
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const planes = view.getUint16(26, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (planes !== 1) return { ok: false, problem: 'not-an-image' };
  if ((bitsPerPixel !== 24 && bitsPerPixel !== 32) || compression !== 0) return { ok: false, problem: 'unsupported-bmp' };
  // A negative height is a top-down bitmap; the usual positive one is stored bottom row first.
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0 || rawHeight === -2147483648) return { ok: false, problem: 'not-an-image' };
  if (width * height > MAX_PIXELS) return { ok: false, problem: 'too-large' };
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (pixelOffset < 14 + headerSize || pixelOffset + stride * height > data.length) return { ok: false, problem: 'not-an-image' };
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const s = row + x * bytesPerPixel;
      const d = (y * width + x) * 4;
      // Stored blue, green, red (and an unused byte in BI_RGB 32-bit).
      out[d] = data[s + 2]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s]!;
      out[d + 3] = 255;
    }
  }
  return { ok: true, image: { width, height, data: out } };
}

/**
 * Scales down (never up) to fit the box, keeping the aspect ratio, with a box filter: each output
 * pixel is the mean of the source pixels it covers (whole pixels), good enough for a photo that
 * only ever gets smaller.
 */
export function fit(image: Rgba, maxWidth: number, maxHeight: number): Rgba {
  const scale = Math.min(1, maxWidth / image.width, maxHeight / image.height);
  if (scale === 1) return image;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(width * height * 4);
  for (let oy = 0; oy < height; oy++) {
    const y0 = Math.floor((oy * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * image.height) / height));
    for (let ox = 0; ox < width; ox++) {
      const x0 = Math.floor((ox * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * image.width) / width));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const s = (y * image.width + x) * 4;
          r += image.data[s]!;
          g += image.data[s + 1]!;
          b += image.data[s + 2]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const d = (oy * width + ox) * 4;
      out[d] = Math.round(r / n);
      out[d + 1] = Math.round(g / n);
      out[d + 2] = Math.round(b / n);
      out[d + 3] = 255;
    }
  }
  return { width, height, data: out };
}
