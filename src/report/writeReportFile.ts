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
  // Unique per call: the server may write the same report twice at once.
  const temp = reportTemporary(file, process.pid, randomBytes(4).toString('hex'));
  const out = fs.createWriteStream(temp);
  try {
    await write(out);
    // exceljs ends the stream itself when its zip is finalised; text writers leave it open.
    if (!out.writableEnded) out.end();
    await finished(out);
    await fs.promises.rename(temp, file);
  } catch (error) {
    out.destroy();
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

