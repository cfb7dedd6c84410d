// The photo worker: the same result as processPhoto, while the main thread goes on serving.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { processPhoto } from '../../core/passport/photo.ts';
import { processPhotoOffThread, stopPhotoWorker } from './photo-pool.ts';

function gradientJpeg(width: number, height: number): Buffer {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = i % 251;
    data[i * 4 + 1] = Math.floor(i / width) % 241;
    data[i * 4 + 2] = 128;
    data[i * 4 + 3] = 255;
  }
  return Buffer.from(jpeg.encode({ width, height, data }, 85).data);
}

describe('photo worker', () => {
  after(() => stopPhotoWorker());

  it('makes the same JPEG as processPhoto, as a Buffer, and the same problems', async () => {
    const photo = gradientJpeg(900, 1200);
    const here = processPhoto(photo);
    const there = await processPhotoOffThread(photo);
    assert.ok(here.ok && there.ok);
    assert.ok(Buffer.isBuffer(there.jpeg));
    assert.deepEqual([there.width, there.height], [450, 600]);
    assert.ok(there.jpeg.equals(here.jpeg));
    assert.deepEqual(await processPhotoOffThread(Buffer.from('not a picture')), { ok: false, problem: 'not-an-image' });
  });

  it('leaves the main thread free while a large photo is decoded', async () => {
    const photo = gradientJpeg(3000, 2000);
    let done = false;
    const result = processPhotoOffThread(photo).then((r) => {
      done = true;
      return r;
    });
    // Decoding 6 megapixels takes far longer than one turn of the event loop; on the main thread
    // it would have finished (and resolved) before any of these turns ran.
    let turns = 0;
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    assert.ok(turns > 1, `the event loop turned ${turns} times while the photo was processed`);
    assert.ok((await result).ok);
  });

  it('starts a new worker after the last one stopped', async () => {
    await stopPhotoWorker();
    assert.ok((await processPhotoOffThread(gradientJpeg(200, 200))).ok);
  });
});
