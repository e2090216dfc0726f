import type { Command } from 'commander';
import { startServer } from '../../server/startServer.js';
import { parsePositiveInt } from '../options.js';
import { withContext } from '../runCommand.js';

/**
 * `packreg serve [--port N] [--host ADDR]` (SPEC §7 HTTP): the API, the upload page and, in the
 * same process, the queue that runs uploaded imports. Runs until SIGTERM/SIGINT: then it stops
 * accepting, lets the running import finish (PACKREG_SERVE_SHUTDOWN_SECONDS), and exits; a second
 * signal exits at once (the import is then resumed or failed by the next process, see
 * docs/http.md).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the upload API and page (bearer tokens from `packreg token create`)')
    .option('--port <n>', 'port to listen on (default: PACKREG_PORT or 8080; 0 = any free port)', parsePositiveInt)
    .option('--host <addr>', 'address to listen on (default: PACKREG_HOST or 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }, command: Command) => {
      const version = command.parent?.version() ?? '0.0.0';
      await withContext(async (ctx) => {
        const server = await startServer(ctx, {
          host: options.host ?? ctx.config.http.host,
          port: options.port ?? ctx.config.http.port,
          connectionString: ctx.config.databaseUrl,
          version,
        });
        process.stderr.write(`packreg serve: listening on ${server.url} (${ctx.db.engine.name})\n`);
        await new Promise<void>((resolve) => {
          const onSignal = (signal: NodeJS.Signals) => {
            process.stderr.write(`packreg serve: ${signal}: finishing the running import, then stopping\n`);
            // A second signal: stop waiting. The import left running is resumed by the next serve or worker.
            process.once('SIGTERM', () => process.exit(143));
            process.once('SIGINT', () => process.exit(130));
            resolve();
          };
          process.once('SIGTERM', onSignal);
          process.once('SIGINT', onSignal);
        });
        const outcome = await server.stop();
        process.stderr.write(`packreg serve: stopped (${outcome})\n`);
      });
    });
}
