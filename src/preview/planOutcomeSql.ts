/**
 * A row's outcome, as SQL over `import_row_results r`, in three columns: status; error and
 * warning codes, sorted and comma-separated; and the rest of what "the same outcome" means
 * (support ID | receipt number | effective service end). Written once, used when a dry run's plan
 * is recorded and when a commit compares against it, so both sides are computed alike.
 */
export const PLAN_OUTCOME_SQL = `
  r.status,
  (select coalesce(string_agg(e->>'code', ',' order by e->>'code'), '') from jsonb_array_elements(r.errors || r.warnings) e) as codes,
  concat_ws('|', r.support_id, coalesce(r.receipt_no, ''), coalesce(to_char(r.service_end, 'YYYY-MM-DD'), '')) as detail`;
