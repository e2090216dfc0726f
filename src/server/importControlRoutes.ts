import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { cancelImport } from '../imports/cancelImport.js';
import { claimPlan } from '../preview/claimPlan.js';
import { loadPlan } from '../preview/loadPlan.js';
import { HttpError } from './HttpError.js';
import type { ImportQueue } from './makeImportQueue.js';
import { cancelImportSchema, commitPlanSchema } from './importControlSchemas.js';
import { uploadStore } from './uploadStore.js';
import { insertBatch } from '../staging/sql/insertBatch.js';

export interface ImportControlDeps {
  readonly ctx: Context;
  readonly queue: ImportQueue;
  readonly stopping: () => boolean;
}

/**
 * `DELETE /v1/imports/:id` (cancel, issue 20 item 4) and `POST /v1/imports/:id/commit` (commit a
 * dry run's plan, item 6). Both act only on the request's reseller's imports: another reseller's
 * is 404 like a missing one.
 */
export async function importControlRoutes(app: FastifyInstance, deps: ImportControlDeps): Promise<void> {
  const { ctx, queue } = deps;
  const knex = ctx.db.knex;

  app.delete('/v1/imports/:id', { schema: cancelImportSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const outcome = await cancelImport(knex, id, request.reseller).catch((error: unknown) => {
      // The id is the client's own text: not echoed back in a 404.
      throw error instanceof PackregError && error.code === 'NOT_FOUND' ? new PackregError('NOT_FOUND', { kind: 'import' }) : error;
    });
    request.log.info({ importId: id, reseller: request.reseller, status: outcome.status }, 'import cancel');
    return reply.status(outcome.status === 'cancelled' ? 200 : 202).send(outcome);
  });

  app.post('/v1/imports/:id/commit', { schema: commitPlanSchema }, async (request, reply) => {
    if (deps.stopping()) throw new HttpError('SHUTTING_DOWN');
    const { id } = request.params as { id: string };
    const plan = await loadPlan(knex, { importId: id }, request.reseller).catch((error: unknown) => {
      throw error instanceof PackregError && error.code === 'NOT_FOUND' ? new PackregError('NOT_FOUND', { kind: 'plan' }) : error;
    });
    const importId = await knex.transaction(async (trx) => {
      // The plan row locked: two commits of one plan queue one import, the other is PLAN_USED.
      const locked = await trx('import_plans').where({ id: plan.id }).forUpdate().first('committed_by');
      if (locked?.committed_by) throw new PackregError('PLAN_USED', { planId: plan.id, importId: String(locked.committed_by) });
      const dryRun = await trx('import_batches').where({ id: plan.importId }).first('file_name');
      const newId = await insertBatch(trx, {
        resellerCode: request.reseller,
        fileName: String(dryRun?.file_name ?? ''),
        source: 'http',
        options: { dryRun: false, ...plan.options, planId: plan.id },
      });
      // The previewed bytes become the commit's: the same file, by construction.
      if (!(await uploadStore.moveBytes(trx, plan.importId, newId))) throw new PackregError('NOT_FOUND', { kind: 'planFile' });
      await claimPlan(trx, plan.id, newId);
      await queue.enqueue(trx, newId);
      return newId;
    });
    queue.wake();
    request.log.info({ importId, planId: plan.id, reseller: request.reseller }, 'plan commit queued');
    return reply.status(202).header('location', `/v1/imports/${importId}`).send({ id: importId, planId: plan.id });
  });
}
