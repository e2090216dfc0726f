import type { Knex } from 'knex';

/**
 * A plan's row outcomes are read from its dry run's own staged rows (`import_rows`, through
 * `PLAN_OUTCOME_SQL`) instead of a copy in `import_plan_rows` (issue 19: the copy, one row and one
 * foreign-key check per input row, was 7 s of a million-row dry run). A finished dry run's staged
 * rows never change, and a plan is recorded in the transaction that finishes its dry run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_plan_rows');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_plan_rows', (t) => {
    t.uuid('plan_id').notNullable().references('import_plans.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.text('sheet').nullable();
    t.integer('row_number').notNullable();
    t.text('status').notNullable();
    t.text('codes').notNullable();
    t.text('detail').notNullable();
    t.primary(['plan_id', 'seq']);
  });
  // Refilled from the dry runs' rows, as 0012 wrote them (the outcome SQL as of 0012).
  await knex.raw(`
    insert into import_plan_rows (plan_id, seq, sheet, row_number, status, codes, detail)
    select p.id, r.seq, r.sheet, r.row_number, r.status,
           (select coalesce(string_agg(e->>'code', ',' order by e->>'code'), '') from jsonb_array_elements(r.errors || r.warnings) e),
           concat_ws('|', r.support_id, coalesce(r.receipt_no, ''), coalesce(to_char(r.service_end, 'YYYY-MM-DD'), ''))
      from import_plans p join import_row_results r on r.import_id = p.import_id`);
}
