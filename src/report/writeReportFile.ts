import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';

/**
 * The hidden temporary a report is written into before its rename: `.NAME.PID-XXXXXXXX.tmp`
 * beside it. The writer's pid is in the name so that, once that process is known to be dead (its
 * batch names it, see settleAbandonedImports), exactly its leftovers can be found and removed.
 */
function reportTemporary(file: string, pid: number, unique: string): string {
  return path.join(path.dirname(file), `${temporaryPrefix(file, pid)}${unique}.tmp`);
}

function temporaryPrefix(file: string, pid: number): string {
  return `.${path.basename(file)}.${pid}-`;
}

/** Remove the temporaries process `pid` (dead) left beside `file`; returns how many. */
export async function removeReportTemporaries(file: string, pid: number): Promise<number> {
  const prefix = temporaryPrefix(file, pid);
  const names = await fs.promises.readdir(path.dirname(file)).catch(() => [] as string[]);
  const leftovers = names.filter((n) => n.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(n.slice(prefix.length)));
  for (const name of leftovers) await fs.promises.rm(path.join(path.dirname(file), name), { force: true });
  return leftovers.length;
}

/**
 * Write a report file atomically: into a temporary file beside it, renamed into place once
 * complete, so a crash or a full disk never leaves a half report where the reseller looks.
 */
export async function writeReportFile(file: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<void> {
  await writeReportFiles([file], ([out]) => write(out!));
}

/**
 * Write several report files at once, each atomically as `writeReportFile` does: `write` gets one
 * stream per file, in order; the files are renamed into place once all are complete, none when
 * one fails (and no temporary is left).
 */
export async function writeReportFiles<T>(files: readonly string[], write: (outs: NodeJS.WritableStream[]) => Promise<T>): Promise<T> {
  // Unique per call: the server may write the same report twice at once.
  const temps = files.map((file) => reportTemporary(file, process.pid, randomBytes(4).toString('hex')));
  const outs = temps.map((temp) => fs.createWriteStream(temp));
  try {
    const result = await completeStreams(outs, write);
    for (const [i, temp] of temps.entries()) await fs.promises.rename(temp, files[i]!);
    return result;
  } catch (error) {
    for (const out of outs) out.destroy();
    await Promise.all(temps.map((temp) => fs.promises.rm(temp, { force: true })));
    throw error;
  }
}

/**
 * Run `write` on `outs`, then end each stream and wait until its bytes are written. An error on
 * any stream (a full disk) rejects at once: `write` may be waiting on another stream, or on this
 * one's drain, which never comes. The caller destroys the streams when this rejects.
 */
export async function completeStreams<T>(outs: readonly fs.WriteStream[], write: (outs: NodeJS.WritableStream[]) => Promise<T>): Promise<T> {
  const failed = new Promise<never>((_, reject) => {
    for (const out of outs) out.on('error', reject);
  });
  // Rejected only when a stream fails; the races below report it.
  failed.catch(() => undefined);
  const result = await Promise.race([write([...outs]), failed]);
  // exceljs ends the stream itself when its zip is finalised; text writers leave it open.
  for (const out of outs) if (!out.writableEnded) out.end();
  await Promise.race([Promise.all(outs.map((out) => finished(out))), failed]);
  return result;
}
