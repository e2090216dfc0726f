import type { Knex } from 'knex';

/**
 * Registrations without row-level foreign keys (issue 19.2). Each registration paid three
 * foreign-key checks (its application, its serial and model, its product) and each option one
 * (its registration): per row, a trigger event, a query and a row lock on the parent (which
 * writes the parent's tuple) — about half of the commit's server time. What they promised is
 * kept, set-based, by statement-level triggers, each one query per statement over its transition
 * table, raising foreign_key_violation (23503) as the keys did:
 *
 * - an insert into `registrations` whose application (id, support ID, import), serial and model,
 *   or product is missing; an insert into `registration_options` whose registration is missing;
 * - a delete or a key change of a `pack_serials` or `products` row that a registration names.
 *
 * A statement-level check sees committed rows only, so the commit holds `pack_serials` and
 * `products` in SHARE mode for its transaction (commit/commitGroup.ts): a reference load that
 * would change a parent waits for it, and then its guard sees the new registrations. Registrations
 * and options are never deleted, nor their keys updated; an application is deleted only by the
 * commit that made it, when it lost every row.
 */
const GUARDS = [
  { table: 'pack_serials', key: 'serial', also: 'pack_model', column: 'pack_serial', alsoColumn: 'pack_model' },
  { table: 'products', key: 'model', also: null, column: 'product_model', alsoColumn: null },
] as const;

/** Each: the inserted rows (`added`) that name no parent, as a `select 1 …`. */
const CHILD_CHECKS = [
  {
    table: 'registrations',
    orphans: `select 1 from added r
      where not exists (select 1 from applications a where a.id = r.application_id and a.support_id = r.support_id and a.import_id = r.import_id)
         or not exists (select 1 from pack_serials s where s.serial = r.pack_serial and s.pack_model = r.pack_model)
         or not exists (select 1 from products p where p.model = r.product_model)`,
  },
  {
    table: 'registration_options',
    orphans: `select 1 from added o where not exists (select 1 from registrations g where g.id = o.registration_id)`,
  },
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table registrations drop constraint registrations_application_fk');
  await knex.raw('alter table registrations drop constraint registrations_pack_serial_fk');
  await knex.raw('alter table registrations drop constraint if exists registrations_product_model_foreign');
  await knex.raw('alter table registration_options drop constraint if exists registration_options_registration_id_foreign');
  for (const c of CHILD_CHECKS) {
    await knex.raw(`
      create function ${c.table}_check_parents() returns trigger language plpgsql as $$
      begin
        if exists (${c.orphans}) then
          raise exception 'insert into ${c.table} names a missing parent row' using errcode = 'foreign_key_violation';
        end if;
        return null;
      end $$`);
    await knex.raw(`create trigger ${c.table}_check_parents after insert on ${c.table}
                      referencing new table as added for each statement execute function ${c.table}_check_parents()`);
  }
  for (const g of GUARDS) {
    // The registrations naming a parent row that is gone (or whose key changed) after the statement.
    const named = (gone: string) => `select 1 from ${gone} o join registrations r on r.${g.column} = o.${g.key}
        ${g.also ? `and r.${g.alsoColumn} = o.${g.also}` : ''}`;
    await knex.raw(`
      create function ${g.table}_guard_delete() returns trigger language plpgsql as $$
      begin
        if exists (${named('gone')}) then
          raise exception 'a registration names a deleted row of ${g.table}' using errcode = 'foreign_key_violation';
        end if;
        return null;
      end $$`);
    await knex.raw(`
      create function ${g.table}_guard_update() returns trigger language plpgsql as $$
      begin
        if exists (${named('was')}
                    where not exists (select 1 from now_rows n where n.${g.key} = o.${g.key}
                                       ${g.also ? `and n.${g.also} = o.${g.also}` : ''})) then
          raise exception 'a registration names a changed key of ${g.table}' using errcode = 'foreign_key_violation';
        end if;
        return null;
      end $$`);
    await knex.raw(`create trigger ${g.table}_guard_delete after delete on ${g.table}
                      referencing old table as gone for each statement execute function ${g.table}_guard_delete()`);
    await knex.raw(`create trigger ${g.table}_guard_update after update on ${g.table}
                      referencing old table as was new table as now_rows for each statement execute function ${g.table}_guard_update()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const c of CHILD_CHECKS) {
    await knex.raw(`drop trigger ${c.table}_check_parents on ${c.table}`);
    await knex.raw(`drop function ${c.table}_check_parents()`);
  }
  for (const g of GUARDS) {
    await knex.raw(`drop trigger ${g.table}_guard_update on ${g.table}`);
    await knex.raw(`drop trigger ${g.table}_guard_delete on ${g.table}`);
    await knex.raw(`drop function ${g.table}_guard_update()`);
    await knex.raw(`drop function ${g.table}_guard_delete()`);
  }
  await knex.raw(`alter table registration_options add constraint registration_options_registration_id_foreign
                    foreign key (registration_id) references registrations (id) on delete cascade`);
  await knex.raw(`alter table registrations add constraint registrations_product_model_foreign
                    foreign key (product_model) references products (model)`);
  await knex.raw(`alter table registrations add constraint registrations_pack_serial_fk
                    foreign key (pack_serial, pack_model) references pack_serials (serial, pack_model)`);
  await knex.raw(`alter table registrations add constraint registrations_application_fk
                    foreign key (application_id, support_id, import_id) references applications (id, support_id, import_id)`);
}
