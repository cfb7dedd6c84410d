import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { testBmp, testJpeg, testPng } from '../../../test/support/test-images.ts';
import { fit, photoFormat, processPhoto, type PhotoResult } from './photo.ts';

/** The decoded result's pixel at (x, y) as [r, g, b]. */
function at(result: PhotoResult, x: number, y: number): [number, number, number] {
  assert.ok(result.ok);
  const image = jpeg.decode(result.jpeg, { useTArray: true });
  assert.equal(image.width, result.width);
  assert.equal(image.height, result.height);
  const i = (y * image.width + x) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

function near(actual: [number, number, number], expected: [number, number, number], tolerance = 24): void {
  assert.ok(actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance), `${actual.join(',')} is not near ${expected.join(',')}`);
}

const RED: [number, number, number] = [220, 30, 30];
const BLUE: [number, number, number] = [30, 30, 220];
const GREEN: [number, number, number] = [30, 200, 30];

/** Top band green, bottom left red, bottom right blue: the right way up and not mirrored. */
function looksRight(result: PhotoResult): void {
  assert.ok(result.ok);
  near(at(result, Math.floor(result.width / 2), 2), GREEN);
  near(at(result, 5, result.height - 5), RED);
  near(at(result, result.width - 5, result.height - 5), BLUE);
}

describe('photo (S1.7, E5.5)', () => {
  it('recognises the format by its first bytes, not by anything else', () => {
    assert.equal(photoFormat(testJpeg(8, 8)), 'jpeg');
    assert.equal(photoFormat(testPng(8, 8)), 'png');
    assert.equal(photoFormat(testBmp(8, 8)), 'bmp');
    assert.equal(photoFormat(Buffer.from('GIF89a')), undefined);
    assert.equal(photoFormat(Buffer.alloc(0)), undefined);
  });

  it('keeps a JPEG that fits as a new JPEG of the same size', () => {
    const result = processPhoto(testJpeg(300, 400));
    assert.ok(result.ok);
    assert.deepEqual([result.width, result.height], [300, 400]);
    assert.equal(photoFormat(result.jpeg), 'jpeg');
    looksRight(result);
  });

  it('scales a large JPEG down to fit 450×600, keeping its shape', () => {
    const tall = processPhoto(testJpeg(900, 1600));
    assert.ok(tall.ok);
    assert.deepEqual([tall.width, tall.height], [338, 600]);
    looksRight(tall);
    const wide = processPhoto(testJpeg(2000, 1000));
    assert.ok(wide.ok);
    assert.deepEqual([wide.width, wide.height], [450, 225]);
    looksRight(wide);
    assert.ok(wide.jpeg.length < 60_000, `${wide.jpeg.length} bytes`);
  });

  it('converts a PNG to JPEG, showing transparency on white', () => {
    const result = processPhoto(testPng(600, 600));
    assert.ok(result.ok);
    assert.deepEqual([result.width, result.height], [450, 450]);
    assert.equal(photoFormat(result.jpeg), 'jpeg');
    looksRight(result);
    const clear = processPhoto(testPng(200, 200, 0));
    near(at(clear, 100, 150), [255, 255, 255], 8);
  });

  it('reads 24- and 32-bit uncompressed BMPs, bottom-up and top-down, odd widths padded', () => {
    for (const options of [{ bits: 24 as const }, { bits: 32 as const }, { bits: 24 as const, topDown: true }]) {
      const result = processPhoto(testBmp(201, 150, options));
      assert.ok(result.ok, JSON.stringify(options));
      assert.deepEqual([result.width, result.height], [201, 150]);
      looksRight(result);
    }
  });

  it('refuses other BMP kinds clearly: palette, RLE, bit-fields, OS/2 headers', () => {
    assert.deepEqual(processPhoto(testBmp(120, 120, { bits: 8 })), { ok: false, problem: 'unsupported-bmp' });
    assert.deepEqual(processPhoto(testBmp(120, 120, { compression: 1 })), { ok: false, problem: 'unsupported-bmp' });
    assert.deepEqual(processPhoto(testBmp(120, 120, { bits: 32, compression: 3 })), { ok: false, problem: 'unsupported-bmp' });
    const os2 = testBmp(120, 120);
    os2.writeUInt32LE(12, 14);
    assert.deepEqual(processPhoto(os2), { ok: false, problem: 'unsupported-bmp' });
  });

  it('refuses a BMP whose pixels are not all in the file, or whose numbers make no sense', () => {
    const bmp = testBmp(120, 120);
    assert.deepEqual(processPhoto(bmp.subarray(0, bmp.length - 1)), { ok: false, problem: 'not-an-image' });
    const farOffset = Buffer.from(bmp);
    farOffset.writeUInt32LE(0xffffff00, 10);
    assert.deepEqual(processPhoto(farOffset), { ok: false, problem: 'not-an-image' });
    const zeroWidth = Buffer.from(bmp);
    zeroWidth.writeInt32LE(0, 18);
    assert.deepEqual(processPhoto(zeroWidth), { ok: false, problem: 'not-an-image' });
    const huge = Buffer.from(bmp);
    huge.writeInt32LE(100_000, 18);
    huge.writeInt32LE(100_000, 22);
    assert.deepEqual(processPhoto(huge), { ok: false, problem: 'too-large' });
    assert.deepEqual(processPhoto(Buffer.from('BM')), { ok: false, problem: 'not-an-image' });
  });

  it('refuses what is not an image, or is a corrupt one', () => {
    assert.deepEqual(processPhoto(Buffer.from('%PDF-1.7\n…')), { ok: false, problem: 'not-an-image' });
    assert.deepEqual(processPhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), { ok: false, problem: 'not-an-image' });
    const goodJpeg = testJpeg(200, 200);
    assert.deepEqual(processPhoto(goodJpeg.subarray(0, 40)), { ok: false, problem: 'not-an-image' });
    const goodPng = testPng(200, 200);
    const badPng = Buffer.from(goodPng);
    badPng.fill(0x55, 40, 80);
    assert.deepEqual(processPhoto(badPng), { ok: false, problem: 'not-an-image' });
    assert.deepEqual(processPhoto(goodPng.subarray(0, 60)), { ok: false, problem: 'not-an-image' });
  });

  it('refuses a PNG claiming huge dimensions before decoding it', () => {
    const png = testPng(120, 120);
    const claim = Buffer.from(png);
    claim.writeUInt32BE(60_000, 16);
    claim.writeUInt32BE(60_000, 20);
    assert.deepEqual(processPhoto(claim), { ok: false, problem: 'too-large' });
  });

  it('refuses a JPEG over the resolution limit (jpeg-js stops before allocating)', () => {
    // A valid 100×100 JPEG whose frame header (SOF0) is rewritten to claim 30 000 × 30 000.
    const data = Buffer.from(testJpeg(100, 100));
    const sof = data.indexOf(Buffer.from([0xff, 0xc0]));
    assert.ok(sof > 0);
    data.writeUInt16BE(30_000, sof + 5);
    data.writeUInt16BE(30_000, sof + 7);
    assert.deepEqual(processPhoto(data), { ok: false, problem: 'too-large' });
  });

  it('refuses an image too small to show a face', () => {
    assert.deepEqual(processPhoto(testJpeg(99, 300)), { ok: false, problem: 'too-small' });
    assert.deepEqual(processPhoto(testPng(300, 80)), { ok: false, problem: 'too-small' });
    assert.equal(processPhoto(testPng(100, 100)).ok, true);
  });

  it('box-filters: a 2×1 image of black and white halves to one grey pixel', () => {
    const out = fit({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255]) }, 1, 1);
    assert.deepEqual([out.width, out.height, ...out.data], [1, 1, 128, 128, 128, 255]);
  });
});
