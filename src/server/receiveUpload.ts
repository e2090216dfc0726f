import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { PackregError } from '../domain/PackregError.js';
import { sanitiseFileName } from '../jobs/sanitiseFileName.js';
import { HttpError } from './HttpError.js';
import { limitMb } from './limitMb.js';
import { UPLOAD_FORM_LIMITS } from './uploadFormLimits.js';

/** An upload on local disk, in a private temporary directory the caller removes. */
export interface ReceivedUpload {
  readonly path: string;
  readonly dir: string;
  /** The reseller's file name, sanitised (safe to store, log and show). */
  readonly fileName: string;
  readonly bytes: number;
}

/** Room for multipart boundaries and part headers when judging a declared Content-Length. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Stream a request's file to a temporary file, never holding it in memory: the multipart field
 * `file` (one file per request), or the raw body for any other content type (file name from
 * `?fileName=` or `X-File-Name`). Over `maxBytes` it stops reading and throws FILE_TOO_LARGE
 * (413): at once when Content-Length says so, otherwise as soon as the count passes the limit.
 * The name and the declared type are not trusted for anything: the ingest sniffs the bytes.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<ReceivedUpload> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  const multipart = request.isMultipart();
  if (Number.isFinite(declared) && declared > maxBytes + (multipart ? MULTIPART_OVERHEAD : 0)) throw tooLarge(maxBytes);

  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'packreg-upload-'));
  // Always the same name on disk: the reseller's name is data, never a path.
  const file = path.join(dir, 'upload');
  try {
    if (!multipart) {
      const counter = byteCounter(maxBytes);
      // Not pipeline(request.raw, …): on an error it would destroy the request, and with it the
      // socket the 413 must still be written to. The rest of the body is left unread instead.
      request.raw.pipe(counter);
      request.raw.once('error', (error) => counter.destroy(error));
      try {
        await pipeline(counter, fs.createWriteStream(file, { flags: 'wx' }));
      } finally {
        request.raw.unpipe(counter);
      }
      const query = request.query as Record<string, unknown>;
      const given = typeof query.fileName === 'string' ? query.fileName : headerFileName(request.headers['x-file-name']);
      if (counter.bytes === 0) throw new HttpError('NO_FILE');
      return { path: file, dir, fileName: sanitiseFileName(given ?? 'upload'), bytes: counter.bytes };
    }
    let received: { fileName: string; bytes: number } | null = null;
    for await (const part of request.parts({ limits: { fileSize: maxBytes, ...UPLOAD_FORM_LIMITS } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new HttpError('BAD_REQUEST', { detail: { ja: `想定外のファイル項目「${part.fieldname}」です(ファイルは「file」で送ってください)`, en: `unexpected file field "${part.fieldname}"` } });
      }
      if (received) throw new HttpError('TOO_MANY_FILES');
      const counter = byteCounter(maxBytes);
      await pipeline(part.file, counter, fs.createWriteStream(file, { flags: 'wx' }));
      // busboy ends a file at the limit and marks it truncated when the plugin does not throw.
      if (part.file.truncated) throw tooLarge(maxBytes);
      received = { fileName: sanitiseFileName(part.filename || 'upload'), bytes: counter.bytes };
    }
    if (!received) throw new HttpError('NO_FILE');
    return { path: file, dir, ...received };
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function tooLarge(maxBytes: number): PackregError {
  return new PackregError('FILE_TOO_LARGE', { limitMb: limitMb(maxBytes) });
}

/** `X-File-Name` may be percent-encoded (HTTP headers cannot carry Japanese safely otherwise). */
function headerFileName(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A pass-through that counts bytes and fails the pipeline the moment they pass `max`. */
function byteCounter(max: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      counter.bytes += chunk.length;
      if (counter.bytes > max) done(tooLarge(max));
      else done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}
