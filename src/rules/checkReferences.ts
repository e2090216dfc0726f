import type { FieldKey } from '../domain/fields.js';
import type { Finding } from '../domain/Finding.js';
import { isError, rowFinding } from '../domain/rowCodes.js';
import type { IngestedRow } from '../ingest/types.js';
import { isEligibleProduct } from './isEligibleProduct.js';
import type { ReferenceLookups } from './lookupReferences.js';
import { mergeOptions, NO_OPTIONS, parseOptions, type OptionEntry } from './parseOptions.js';
import { checkServiceDates } from './serviceDates.js';

export interface DateRules {
  /** The import date, YYYY-MM-DD (Asia/Tokyo unless configured). */
  readonly today: string;
  readonly daysBefore: number;
  readonly daysAfter: number;
}

/** One row after passes 1 and 2: what the cross-file pass and the commit need. */
export interface RowVerdict {
  readonly status: 'valid' | 'rejected' | 'already_registered';
  readonly findings: readonly Finding[];
  /** The original receipt of an `already_registered` row. */
  readonly receiptNo: string | null;
  readonly serviceStart: string | null;
  readonly requestedEnd: string | null;
  readonly serviceEnd: string | null;
  readonly endClamped: boolean;
  readonly options: readonly OptionEntry[];
  readonly needsLabel: boolean;
  readonly manualReview: boolean;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Pass 2: the row against reference data (SPEC §4), given the batch's lookups. `pass1` are the
 * row-alone findings; a field that already failed its format is not looked up again. Pure.
 */
export function checkReferences(
  row: IngestedRow,
  pass1: readonly Finding[],
  refs: ReferenceLookups,
  resellerCode: string,
  dates: DateRules,
): RowVerdict {
  const v = row.values;
  const findings: Finding[] = [...pass1];
  // The fields that failed so far; most rows have none, and no set is made for them.
  let failed: Set<FieldKey | null> | null = null;
  for (const f of pass1) if (isError(f.code)) (failed ??= new Set()).add(f.field);
  const hasFailed = (field: FieldKey) => failed !== null && failed.has(field);
  const add = (finding: Finding) => {
    findings.push(finding);
    if (isError(finding.code)) (failed ??= new Set()).add(finding.field);
  };
  const ok = (field: FieldKey) => v[field] !== '' && !hasFailed(field);

  // Another reseller's support ID is indistinguishable from a missing one (SPEC §4).
  const contract = ok('support_id') ? refs.contracts.get(v.support_id) : undefined;
  const owned = contract !== undefined && contract.resellerCode === resellerCode;
  if (ok('support_id')) {
    if (!owned) add(rowFinding('SUPPORT_ID_UNKNOWN', { value: v.support_id }));
    else if (contract.status !== 'active') add(rowFinding('CONTRACT_INACTIVE', { value: v.support_id, status: contract.status }));
  }
  const supportIdUsable = ok('support_id');

  const pack = ok('pack_model') ? refs.packModels.get(v.pack_model) ?? null : null;
  if (ok('pack_model') && !pack) add(rowFinding('PACK_MODEL_UNKNOWN', { value: v.pack_model }));

  if (ok('pack_serial')) {
    const issuedFor = refs.serials.get(v.pack_serial);
    if (issuedFor === undefined) add(rowFinding('PACK_SERIAL_UNKNOWN', { value: v.pack_serial }));
    else if (pack && issuedFor !== pack.model) {
      add(rowFinding('PACK_SERIAL_MODEL_MISMATCH', { value: v.pack_serial, packModel: pack.model, issuedFor }));
    }
  }

  const endOfSupport = ok('product_model') ? refs.products.get(v.product_model) : undefined;
  if (ok('product_model')) {
    if (endOfSupport === undefined) add(rowFinding('PRODUCT_UNKNOWN', { value: v.product_model }));
    else if (pack && !isEligibleProduct(pack.eligibleProducts, v.product_model)) {
      add(rowFinding('PRODUCT_NOT_ELIGIBLE', { value: v.product_model, packModel: pack.model }));
    }
  }

  if (pack) {
    const need = (field: FieldKey) => {
      if (v[field] === '' && !hasFailed(field)) add(rowFinding('REQUIRED', { packModel: pack.model }, field));
    };
    if (pack.category === 'hardware') need('product_serial');
    if (pack.requiresSite) {
      need('site_postal_code');
      need('site_address');
    }
  }

  if (ok('label_recipient') && supportIdUsable) {
    const role = refs.users.get(v.support_id)?.get(v.label_recipient);
    if (role === undefined) add(rowFinding('LABEL_RECIPIENT_UNKNOWN', { value: v.label_recipient, supportId: v.support_id }));
    else if (role !== 'admin' && role !== 'deputy') add(rowFinding('LABEL_RECIPIENT_ROLE', { value: v.label_recipient, role }));
  }

  const parsedOptions = ok('options') ? parseOptions(v.options) : null;
  const options = parsedOptions?.ok ? mergeOptions(parsedOptions.entries) : NO_OPTIONS;
  const tooMany = options.find((o) => o.quantity > 99);
  if (tooMany) add(rowFinding('OPTIONS_QUANTITY', { value: v.options, entry: `${tooMany.model}*${tooMany.quantity}` }));
  if (pack && options.length > 0 && !pack.optionsAllowed) {
    add(rowFinding('OPTIONS_NOT_ALLOWED', { value: v.options, packModel: pack.model }));
  }

  const serviceStart = ISO.test(v.service_start) && !hasFailed('service_start') ? v.service_start : null;
  const requestedEnd = ISO.test(v.service_end) && !hasFailed('service_end') ? v.service_end : null;
  let serviceEnd: string | null = null;
  let endClamped = false;
  if (pack && serviceStart && endOfSupport !== undefined && !(v.service_end !== '' && requestedEnd === null)) {
    const verdict = checkServiceDates({
      start: serviceStart,
      requestedEnd,
      termMonths: pack.termMonths,
      endOfSupport,
      today: dates.today,
      daysBefore: dates.daysBefore,
      daysAfter: dates.daysAfter,
    });
    for (const f of verdict.findings) add(f);
    serviceEnd = verdict.effectiveEnd;
    endClamped = verdict.findings.some((f) => f.code === 'END_CLAMPED');
  }

  if (pack?.manualReview) add(rowFinding('MANUAL_REVIEW', { value: pack.model }));

  // Same data again is not an error: the row is already in, under its original receipt (SPEC §5).
  // Site and options are not compared: they change through their own commands. Ownership decides
  // first: only under the importing reseller's own support ID can a row be already in — another
  // reseller's registration must not turn a SUPPORT_ID_UNKNOWN row into one carrying its receipt
  // (issue 15: RS002 re-importing RS001's file saw every row `already_registered` with RS001's
  // receipts). For another reseller's ID the row is then judged exactly like an unknown ID.
  const existing = ok('pack_serial') ? refs.registrations.get(v.pack_serial) : undefined;
  const alreadyIn = existing !== undefined && owned &&
    existing.supportId === v.support_id &&
    existing.packModel === v.pack_model &&
    existing.productModel === v.product_model &&
    existing.serviceStart === serviceStart &&
    existing.serviceEnd === serviceEnd;
  if (existing && !alreadyIn) add(rowFinding('PACK_SERIAL_REGISTERED', { value: v.pack_serial }));

  // One object literal, built once: spreading a shared `base` into each outcome cost more than
  // the rest of pass 2 (issue 9 profile).
  return {
    status: alreadyIn ? 'already_registered' : findings.some((f) => isError(f.code)) ? 'rejected' : 'valid',
    findings: alreadyIn ? findings.filter((f) => !isError(f.code)) : findings,
    receiptNo: alreadyIn ? existing.receiptNo : null,
    serviceStart,
    requestedEnd,
    serviceEnd,
    endClamped,
    options,
    needsLabel: pack?.requiresLabel ?? false,
    manualReview: pack?.manualReview ?? false,
  };
}

