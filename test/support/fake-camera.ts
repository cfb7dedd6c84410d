// Chromium's fake camera plays a Y4M file (--use-file-for-fake-video-capture). These helpers
// turn what a page shows into such a file: an element's screenshot (PNG) is decoded to RGBA by
// the browser itself (no PNG decoder needed in Node), read by jsQR in Node (so the test knows the
// link the image carries), and written as a grey-scale 640×480 Y4M with the image centred.
import fs from 'node:fs';
import jsQRModule from 'jsqr';
import type { Locator, Page } from 'playwright-core';

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A screenshot of `element`, as RGBA pixels (decoded by the page's own canvas). */
export async function screenshotRgba(element: Locator, page: Page): Promise<Rgba> {
  const png = await element.screenshot();
  const { width, height, base64 } = await page.evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let i = 0; i < pixels.length; i += 0x8000) binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, base64: btoa(binary) };
  }, `data:image/png;base64,${png.toString('base64')}`);
  return { width, height, data: new Uint8ClampedArray(Buffer.from(base64, 'base64')) };
}

/** The text of the QR code in the image, read by jsQR. */
export function readQr(image: Rgba): string | undefined {
  return jsQR(image.data, image.width, image.height)?.data;
}

const W = 640;
const H = 480;

/** Writes `image` (scaled down to fit if needed) as a Y4M video for Chromium's fake camera. */
export function writeY4m(path: string, image: Rgba): void {
  const scale = Math.min(1, (H - 40) / image.height, (W - 40) / image.width);
  const w = Math.floor(image.width * scale);
  const h = Math.floor(image.height * scale);
  const Y = Buffer.alloc(W * H, 235);
  const UV = Buffer.alloc((W / 2) * (H / 2), 128);
  const ox = (W - w) >> 1;
  const oy = (H - h) >> 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      const luma = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      Y[(y + oy) * W + x + ox] = luma < 128 ? 16 : 235;
    }
  }
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < 10; f++) parts.push(Buffer.from('FRAME\n'), Y, UV, UV);
  fs.writeFileSync(path, Buffer.concat(parts));
}
