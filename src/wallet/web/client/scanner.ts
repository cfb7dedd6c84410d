// Reading a QR code from the camera: getUserMedia (the rear camera where there is one), frames
// drawn on a canvas and decoded by jsQR. The browser's BarcodeDetector is used instead where it
// exists (it is absent in Chromium on Linux, DEPENDENCIES.md), falling back to jsQR if it fails.
import jsQRModule from 'jsqr';

// jsqr is CommonJS whose `module.exports` is the function (also at `.default`); TypeScript's
// NodeNext view of its types sees only the namespace, hence the explicit pick.
type Decode = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: 'dontInvert' | 'attemptBoth' }) => { data: string } | null;
const jsQR: Decode = (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;

export class CameraUnavailable extends Error {
  readonly code = 'camera_unavailable';
  constructor(readonly reason: 'denied' | 'missing' | 'unsupported') {
    super(
      reason === 'denied'
        ? 'The wallet was not allowed to use the camera. Allow camera access in your browser settings, or paste the link instead.'
        : reason === 'missing'
          ? 'No camera was found. Paste the link instead.'
          : 'This browser cannot use the camera. Paste the link instead.',
    );
  }
}

export interface Scan {
  /** Resolves with the first QR code's text. */
  result: Promise<string>;
  stop(): void;
}

export async function startScan(video: HTMLVideoElement): Promise<Scan> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable('unsupported');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    throw new CameraUnavailable(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'missing' : 'unsupported');
  }
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute('playsinline', '');
  await video.play().catch(() => undefined);

  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  let detector: BarcodeDetectorLike | undefined;
  try {
    detector = Detector ? new Detector({ formats: ['qr_code'] }) : undefined;
  } catch {
    detector = undefined;
  }
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };

  const result = new Promise<string>((resolve) => {
    const tick = async () => {
      if (stopped) return;
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (width && height && context) {
        let text: string | undefined;
        if (detector) {
          try {
            text = (await detector.detect(video))[0]?.rawValue;
          } catch {
            detector = undefined;
          }
        }
        if (!text) {
          canvas.width = width;
          canvas.height = height;
          context.drawImage(video, 0, 0, width, height);
          text = jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'dontInvert' })?.data;
        }
        if (text) {
          stop();
          resolve(text);
          return;
        }
      }
      timer = setTimeout(() => void tick(), 150);
    };
    void tick();
  });
  return { result, stop };
}
