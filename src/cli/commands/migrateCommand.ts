import type { Command } from 'commander';
import { migrateLatest } from '../../db/migrate.js';
import { withContext } from '../runCommand.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (the embedded database also migrates itself on first use)')
    .action(async () => {
      await withContext(async (ctx) => {
        const ran = await migrateLatest(ctx.db.knex);
        process.stdout.write(ran.length > 0 ? `migrated: ${ran.join(', ')}\n` : 'schema is up to date\n');
      });
    });
}
