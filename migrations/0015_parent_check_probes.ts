import type { Knex } from 'knex';

/**
 * The registrations' parent check (migration 0009) as three probes instead of one filter. Written
 * as one `where not exists … or not exists … or not exists …` over the inserted rows, the planner
 * turned the application test into a hashed subplan: every statement read and hashed the whole
 * `applications` table — every reseller's applications ever made — to check the few hundred its
 * rows name (1M-row import, 50,000 applications: 21 ms of each 5,000-row group, growing with the
 * table). Each test on its own lets the planner probe by key: the distinct applications and
 * products the rows name, and each row's serial and model. What is refused stays the same: an
 * insert any row of which names a missing application (id, support ID and import), serial and
 * model, or product raises foreign_key_violation (test/db/registrationParents.test.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function registrations_check_parents() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (select distinct application_id, support_id, import_id from added) r
                  where not exists (select 1 from applications a
                                     where a.id = r.application_id and a.support_id = r.support_id and a.import_id = r.import_id))
         or exists (select 1 from added r
                     where not exists (select 1 from pack_serials s where s.serial = r.pack_serial and s.pack_model = r.pack_model))
         or exists (select 1 from (select distinct product_model from added) r
                     where not exists (select 1 from products p where p.model = r.product_model)) then
        raise exception 'insert into registrations names a missing parent row' using errcode = 'foreign_key_violation';
      end if;
      return null;
    end $$`);
}

/** The check as 0009 wrote it. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function registrations_check_parents() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from added r
      where not exists (select 1 from applications a where a.id = r.application_id and a.support_id = r.support_id and a.import_id = r.import_id)
         or not exists (select 1 from pack_serials s where s.serial = r.pack_serial and s.pack_model = r.pack_model)
         or not exists (select 1 from products p where p.model = r.product_model)) then
        raise exception 'insert into registrations names a missing parent row' using errcode = 'foreign_key_violation';
      end if;
      return null;
    end $$`);
}
