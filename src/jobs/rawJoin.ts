import path from 'node:path';

/**
 * `folder/name` as bytes. Inbox names are bytes (CP932, or no encoding at all) and a JavaScript
 * string cannot hold every one of them, while `path.join` takes strings only; `fs` takes a Buffer
 * path and hands the bytes to the system as they are.
 */
export function rawJoin(folder: Buffer | string, name: Buffer | string): Buffer {
  return Buffer.concat([Buffer.isBuffer(folder) ? folder : Buffer.from(folder), Buffer.from(path.sep), Buffer.isBuffer(name) ? name : Buffer.from(name)]);
}
