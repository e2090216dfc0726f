import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChangeOutcome } from '../applications/ChangeOutcome.js';
import { changeOptions } from '../applications/changeOptions.js';
import { changeSite, type SiteChange } from '../applications/changeSite.js';
import { getApplication } from '../applications/getApplication.js';
import type { Context } from '../context.js';
import { PackregError } from '../domain/PackregError.js';
import { renderFinding } from '../domain/rowCodes.js';
import { requestLang } from './requestLang.js';
import { getApplicationSchema, patchOptionsSchema, patchSiteSchema } from './routeSchemas.js';

const RECEIPT = /^R\d{13}$/;

/**
 * `GET /v1/applications/:receiptNo` (SPEC §7): the application, its registrations and status, and
 * the portal's post-receipt changes for the owning reseller: `PATCH …/registrations/:serial/site`
 * and `…/options`, validated like an import and refused while the application is under review.
 * Another reseller's application is 404 exactly like a missing one (its existence is not told).
 */
export async function applicationRoutes(app: FastifyInstance, ctx: Context): Promise<void> {
  app.get('/v1/applications/:receiptNo', { schema: getApplicationSchema }, async (request) => {
    const { receiptNo } = request.params as { receiptNo: string };
    const view = RECEIPT.test(receiptNo) ? await getApplication(ctx.db.knex, receiptNo, request.reseller) : null;
    if (!view) throw new PackregError('NOT_FOUND', { kind: 'application' });
    return view;
  });

  app.patch(
    '/v1/applications/:receiptNo/registrations/:serial/site',
    { schema: patchSiteSchema },
    async (request, reply) => {
      const { receiptNo, serial } = checkedParams(request);
      const outcome = await changeSite(ctx, { receiptNo, serial, site: request.body as SiteChange }, { resellerCode: request.reseller });
      return answer(request, reply, outcome);
    },
  );

  app.patch(
    '/v1/applications/:receiptNo/registrations/:serial/options',
    { schema: patchOptionsSchema },
    async (request, reply) => {
      const { receiptNo, serial } = checkedParams(request);
      const { options } = request.body as { options: string };
      const outcome = await changeOptions(ctx, { receiptNo, serial, options }, { resellerCode: request.reseller });
      return answer(request, reply, outcome);
    },
  );

  function answer(request: FastifyRequest, reply: { status(code: number): unknown }, outcome: ChangeOutcome) {
    const lang = requestLang(request, ctx.config.lang);
    const render = (findings: ChangeOutcome['warnings']) => findings.map((f) => renderFinding(f, lang));
    if (outcome.status === 'rejected') {
      // Values that break the import's rules: 422 with every finding, in the error body's shape.
      reply.status(422);
      const errors = render(outcome.errors);
      return { error: { code: errors[0]?.code ?? 'INVALID', message: errors.map((e) => e.message).join(' ') }, errors, warnings: render(outcome.warnings) };
    }
    return { status: outcome.status, receiptNo: outcome.receiptNo, serial: outcome.serial, before: outcome.before, after: outcome.after, warnings: render(outcome.warnings) };
  }
}

function checkedParams(request: FastifyRequest): { receiptNo: string; serial: string } {
  const { receiptNo, serial } = request.params as { receiptNo: string; serial: string };
  if (!RECEIPT.test(receiptNo)) throw new PackregError('NOT_FOUND', { kind: 'application' });
  return { receiptNo, serial };
}
