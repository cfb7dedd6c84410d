// Photos are decoded and re-encoded off the main thread. jpeg-js and pngjs are pure JavaScript
// (D58: no native image code runs on uploaded bytes), and a 12-megapixel phone JPEG takes about a
// second of CPU to decode, scale and encode: on the main thread that would stall every other
// request of the process — portals, wallets, the gateway — for as long. One worker, started on
// the first photo, takes the photos one at a time; it keeps the process alive only while it holds
// a photo (ref'd with work, unref'd when idle); if it dies, the photos it held fail and the next
// photo starts a new one.
import { Worker } from 'node:worker_threads';
import type { PhotoResult } from '../../core/passport/photo.ts';

interface Job {
  resolve: (result: PhotoResult) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
const jobs = new Map<number, Job>();
let nextId = 0;

function failAll(error: Error): void {
  for (const job of jobs.values()) job.reject(error);
  jobs.clear();
}

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./photo-worker.mjs', import.meta.url), { execArgv: [] });
  w.on('message', (message: { id: number; result?: PhotoResult; error?: string }) => {
    const job = jobs.get(message.id);
    if (!job) return;
    jobs.delete(message.id);
    if (jobs.size === 0) w.unref();
    if (message.error !== undefined || !message.result) return job.reject(new Error(`photo worker: ${message.error ?? 'no result'}`));
    const result = message.result;
    // A Buffer crosses the thread boundary as a plain Uint8Array.
    job.resolve(result.ok ? { ...result, jpeg: Buffer.from(result.jpeg.buffer, result.jpeg.byteOffset, result.jpeg.byteLength) } : result);
  });
  const stop = (error: Error) => {
    if (worker === w) worker = undefined;
    failAll(error);
  };
  w.on('error', stop);
  w.on('exit', (code) => stop(new Error(`photo worker exited with code ${code}`)));
  worker = w;
  return w;
}

/** processPhoto on the photo worker's thread. */
export function processPhotoOffThread(data: Uint8Array): Promise<PhotoResult> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    jobs.set(id, { resolve, reject });
    // Copied, not transferred: an upload's Buffer may share its memory with other data.
    const w = started();
    w.ref();
    w.postMessage({ id, data: new Uint8Array(data) });
  });
}

/** Stops the worker (tests; a process exits without it, as it is unref'd). */
export async function stopPhotoWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
