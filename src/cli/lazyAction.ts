/** What commander calls with a command's arguments, options and the command itself. */
export type Action = (...args: never[]) => Promise<void>;

/**
 * A command action whose module is loaded only when that command runs (issue 19: `--help` took
 * 1.6 s because every command loaded PGlite, exceljs, fastify, knex and graphile-worker first).
 * The registration files import nothing but commander and this; each action lives in
 * src/cli/actions/ with the heavy imports it needs.
 */
export function lazyAction(load: () => Promise<Action>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const action = await load();
    await action(...(args as never[]));
  };
}
