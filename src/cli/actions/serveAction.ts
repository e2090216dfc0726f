import type { Command } from 'commander';
import type { Lang } from '../../domain/lang.js';
import { startServer } from '../../server/startServer.js';
import { onParentGone } from '../onParentGone.js';
import { withContext } from '../withContext.js';

/**
 * `packreg serve`: the API, the upload page and, in the same process, the queue that runs uploaded
 * imports. Runs until SIGTERM/SIGINT: then it stops accepting, lets the running import finish
 * (PACKREG_SERVE_SHUTDOWN_SECONDS), and exits; a second signal exits at once (the import is then
 * resumed or failed by the next process, see docs/http.md).
 */
export async function serveAction(options: { port?: number; host?: string; json?: boolean; lang?: Lang }, command: Command): Promise<void> {
  const version = command.parent?.version() ?? '0.0.0';
  await withContext(async (ctx) => {
    const ja = (options.lang ?? ctx.config.lang) === 'ja';
    const server = await startServer(ctx, {
      host: options.host ?? ctx.config.http.host,
      port: options.port ?? ctx.config.http.port,
      connectionString: ctx.config.databaseUrl,
      version,
    });
    const engine = ctx.db.engine.name;
    if (options.json) process.stdout.write(`${JSON.stringify({ url: server.url, engine, pid: process.pid })}\n`);
    process.stderr.write(ja ? `packreg serve: ${server.url} で待ち受けています(${engine})\n` : `packreg serve: listening on ${server.url} (${engine})\n`);
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        process.stderr.write(ja
          ? `packreg serve: ${signal}: 実行中の取込を終えてから停止します\n`
          : `packreg serve: ${signal}: finishing the running import, then stopping\n`);
        // A second signal: stop waiting. The import left running is resumed by the next serve or worker.
        process.once('SIGTERM', () => process.exit(143));
        process.once('SIGINT', () => process.exit(130));
        resolve();
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      // Started by npx: a SIGTERM to npx never arrives here (see onParentGone).
      if (ctx.config.startedByNpx) onParentGone(() => process.emit('SIGTERM', 'SIGTERM'));
    });
    const stopped = await server.stop();
    if (options.json) process.stdout.write(`${JSON.stringify({ stopped })}\n`);
    process.stderr.write(ja ? `packreg serve: 停止しました(${stopped})\n` : `packreg serve: stopped (${stopped})\n`);
  });
}
