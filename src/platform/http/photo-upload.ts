// The photo field of the identity-check forms (DOMAIN.md S1.7 sign-up, E5.5 *Create identity
// credential*): the uploaded file made into the small JPEG the Identity credential's `photograph`
// claim holds (src/core/passport/photo.ts), or the message to show beside the field.
//
// A file input cannot be filled in again when a form comes back with an error, so a photo that was
// good travels back with the page as a hidden base64 field (`<field>Pending`) and is read from
// there when no new file is chosen. It is an already-made JPEG of at most 450×600 (tens of KB),
// and it is put through processPhoto again like any upload, so a forged value is just a bad image.
import { PHOTO_PROBLEM_MESSAGES } from '../../core/passport/photo.ts';
import { processPhotoOffThread } from './photo-pool.ts';
import { uploadedFile } from './uploads.ts';

/** S1.7 "jpeg/jpg/png/bmp", at most 5 MB (the API records' limit for images, DOMAIN.md §5.3). */
export const PHOTO_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * Route config for a page whose form takes a photo: multipart, with this route's own file-size
 * limit (merged by @fastify/multipart over the global one, which stays at the body limit).
 */
export const PHOTO_UPLOAD_ROUTE_CONFIG = { uploads: true, multipartOptions: { limits: { fileSize: PHOTO_UPLOAD_LIMIT_BYTES } } } as const;

export interface FormPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

export type PhotoField = { kind: 'none' } | { kind: 'photo'; photo: FormPhoto } | { kind: 'problem'; message: string };

/** What the form's photo field holds: a new file, else a photo carried back from an error page, else none. */
export async function photoField(body: unknown, field: string): Promise<PhotoField> {
  const file = uploadedFile(body, field);
  if (file) {
    if (file.truncated) return { kind: 'problem', message: 'The selected file must be smaller than 5 MB' };
    const result = await processPhotoOffThread(file.data);
    return result.ok ? { kind: 'photo', photo: result } : { kind: 'problem', message: PHOTO_PROBLEM_MESSAGES[result.problem] };
  }
  const pending = body && typeof body === 'object' ? (body as Record<string, unknown>)[`${field}Pending`] : undefined;
  if (typeof pending === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(pending)) {
    const result = await processPhotoOffThread(Buffer.from(pending, 'base64'));
    if (result.ok) return { kind: 'photo', photo: result };
  }
  return { kind: 'none' };
}

/** A JPEG for an `<img src>` (the pages' CSP allows `data:` images). */
export function jpegDataUrl(jpeg: Buffer): string {
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
