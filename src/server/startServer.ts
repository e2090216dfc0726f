import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { makeRoutines } from '../jobs/makeRoutines.js';
import { startEmbeddedSchedule } from '../jobs/startEmbeddedSchedule.js';
import { buildServer } from './buildServer.js';
import { makeImportQueue } from './makeImportQueue.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /**
   * Graceful stop: refuse new uploads, stop listening and let requests in flight finish, then let
   * the running import finish for up to PACKREG_SERVE_SHUTDOWN_SECONDS before releasing it.
   */
  stop(): Promise<'graceful' | 'forced'>;
}

/**
 * `packreg serve`: the import queue first (on PostgreSQL it also migrates graphile-worker's
 * schema, which enqueueing needs), then the HTTP server on `host:port` (port 0: any free port),
 * and on the embedded database the schedule of the routine jobs.
 */
export async function startServer(
  ctx: Context,
  options: { host: string; port: number; connectionString: string | undefined; version: string },
): Promise<RunningServer> {
  const queue = await makeImportQueue(ctx, options.connectionString);
  let stopping = false;
  let app: FastifyInstance;
  try {
    app = await buildServer({ ctx, queue, version: options.version, stopping: () => stopping });
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await queue.stop(0);
    throw error;
  }
  // On the embedded database this process is the only one: it runs the routine jobs itself
  // (notifications, label exports). On PostgreSQL `packreg worker` runs them (graphile-worker cron).
  const schedule = ctx.db.engine.jobQueue ? null : startEmbeddedSchedule(ctx, makeRoutines(ctx));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopped: Promise<'graceful' | 'forced'> | null = null;
  return {
    app,
    url: `http://${host}:${port}`,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await app.close();
        await schedule?.stop();
        return queue.stop(ctx.config.http.shutdownMs);
      })();
      return stopped;
    },
  };
}
