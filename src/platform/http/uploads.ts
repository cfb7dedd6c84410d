// File uploads for NHS.UK forms (`enctype="multipart/form-data"`), through @fastify/multipart.
// Every multipart part is gathered into `request.body` before the CSRF check (preValidation runs
// before preHandler), so a form with a file is protected exactly as any other form: text fields
// become strings, and a file becomes an `UploadedFile`. Limits are busboy's, per request: one
// file, no larger than the body limit (a larger one is cut short and marked `truncated` rather
// than thrown, so the page can say so beside the field with what else was typed kept), and
// bounded field counts and sizes. Nothing is written to disk.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

export interface UploadedFile {
  readonly kind: 'file';
  /** The name the browser gave, without any folder (browsers send only the base name). */
  readonly filename: string;
  readonly mimetype: string;
  readonly data: Buffer;
  /** The file was larger than the limit: `data` holds only its start. */
  readonly truncated: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's form may carry a file (multipart). Every other route answers multipart with 415. */
    uploads?: boolean;
  }
}

class MultipartNotAccepted extends Error {
  readonly statusCode = 415;
  readonly code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
}

export async function registerUploads(app: FastifyInstance, limitBytes: number): Promise<void> {
  // Before the plugin's own preValidation hook (hooks run in the order they are added): only pages
  // that ask for files read multipart, so protocol endpoints keep their one form encoding.
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart() && request.routeOptions.config?.uploads !== true) throw new MultipartNotAccepted('multipart is not accepted here');
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { files: 1, fileSize: limitBytes, fields: 60, fieldSize: limitBytes, parts: 61, fieldNameSize: 100 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      const file: UploadedFile = { kind: 'file', filename: part.filename, mimetype: part.mimetype, data, truncated: part.file.truncated };
      // `keyValues` puts `part.value` in the body (README, "onFile … keyValues").
      (part as unknown as { value: unknown }).value = file;
    },
  });
}

/**
 * The file a form sent in `field`, or undefined when none was chosen: a browser sends an empty
 * part (no name, no bytes) for a file input left empty; a file of no bytes counts as none.
 */
export function uploadedFile(body: unknown, field: string): UploadedFile | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[field];
  if (!value || typeof value !== 'object' || (value as { kind?: unknown }).kind !== 'file') return undefined;
  const file = value as UploadedFile;
  return file.data.length === 0 ? undefined : file;
}

/**
 * The text of an uploaded text file (a CSV): UTF-8 with or without a byte order mark, or, when it
 * is not valid UTF-8, Windows-1252 (what Excel's "CSV (Comma delimited)" writes). A binary file
 * (a spreadsheet, an image) is refused rather than read as text.
 */
export function textOfUpload(file: UploadedFile): { text: string } | { problem: 'binary' } {
  const data = file.data;
  // An .xlsx or .ods is a ZIP ("PK\x03\x04"); an .xls is an OLE compound file; text has no NUL.
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || data.includes(0)) return { problem: 'binary' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(data) };
  }
}
