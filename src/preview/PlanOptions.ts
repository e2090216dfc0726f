/** The options a plan is committed with: the dry run's, minus `dryRun` (issue 20 item 6). */
export interface PlanOptions {
  readonly atomicity: string;
  readonly sheet: string | null;
  readonly encoding: string;
}

/** A previewed plan, as the commit needs it. */
export interface Plan {
  readonly id: string;
  /** The dry run that made it. */
  readonly importId: string;
  readonly reseller: string;
  readonly sha256: string;
  readonly options: PlanOptions;
  readonly committedBy: string | null;
}

export function planOptionsOf(options: { atomicity: string; sheet: string | null; encoding: string }): PlanOptions {
  return { atomicity: options.atomicity, sheet: options.sheet ?? null, encoding: options.encoding };
}
