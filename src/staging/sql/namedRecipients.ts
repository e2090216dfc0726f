/** CTE `named`: per support ID, the distinct label recipients its valid rows name (`:id`). */
export const NAMED_RECIPIENTS = `named as materialized (
       select support_id, array_agg(distinct label_recipient order by label_recipient) as recipients
         from import_rows
        where import_id = :id and status = 'valid' and label_recipient <> ''
        group by support_id)`;
