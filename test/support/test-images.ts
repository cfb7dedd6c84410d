// Real images for photo tests (DOMAIN.md S1.7, E5.5), made in the test: a JPEG and a PNG through
// the same pure-JS libraries the server decodes with, and a BMP written byte by byte. Each is a
// green band over the top quarter, then a left half red and a right half blue, so a test can tell
// that pixels (and which way up they are) survived the conversion.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function pixel(x: number, y: number, width: number, height: number): [number, number, number] {
  if (y < height / 4) return [30, 200, 30];
  return x < width / 2 ? [220, 30, 30] : [30, 30, 220];
}

export function rgbaImage(width: number, height: number, alpha = 255): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y, width, height);
      data.set([r, g, b, alpha], (y * width + x) * 4);
    }
  }
  return data;
}

export function testJpeg(width: number, height: number, quality = 90): Buffer {
  return Buffer.from(jpeg.encode({ width, height, data: rgbaImage(width, height) }, quality).data);
}

export function testPng(width: number, height: number, alpha = 255): Buffer {
  const png = new PNG({ width, height });
  rgbaImage(width, height, alpha).copy(png.data);
  return PNG.sync.write(png);
}

/** An uncompressed BMP (BITMAPINFOHEADER, BI_RGB unless `compression` says otherwise). */
export function testBmp(width: number, height: number, options: { bits?: 24 | 32 | 8; topDown?: boolean; compression?: number } = {}): Buffer {
  const bits = options.bits ?? 24;
  const bytes = bits / 8;
  const stride = Math.ceil((width * bytes) / 4) * 4;
  const offset = 54;
  const file = Buffer.alloc(offset + stride * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(offset, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(options.topDown ? -height : height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(bits, 28);
  file.writeUInt32LE(options.compression ?? 0, 30);
  file.writeUInt32LE(stride * height, 34);
  if (bits === 8) return file;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Rows are stored bottom first unless the height is negative (top-down).
      const [r, g, b] = pixel(x, options.topDown ? y : height - 1 - y, width, height);
      file.set([b, g, r], offset + y * stride + x * bytes);
    }
  }
  return file;
}
