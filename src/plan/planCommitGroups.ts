/** Applications (support IDs) committed in one transaction, and how many valid rows they hold. */
export interface CommitGroup {
  readonly supportIds: string[];
  rows: number;
}

export interface GroupLimits {
  readonly maxRows: number;
  readonly maxApplications: number;
}

/**
 * Pending applications → transaction groups, in the order given. An application is never split
 * (SPEC §5: whole or absent): a group closes before the application that would take it past
 * `maxRows` or `maxApplications`, and an application bigger than `maxRows` is a group alone.
 */
export function planCommitGroups(pending: Iterable<{ supportId: string; rows: number }>, limits: GroupLimits): CommitGroup[] {
  const groups: CommitGroup[] = [];
  let current: CommitGroup = { supportIds: [], rows: 0 };
  for (const { supportId, rows } of pending) {
    if (current.supportIds.length > 0 && (current.rows + rows > limits.maxRows || current.supportIds.length >= limits.maxApplications)) {
      groups.push(current);
      current = { supportIds: [], rows: 0 };
    }
    current.supportIds.push(supportId);
    current.rows += rows;
  }
  if (current.supportIds.length > 0) groups.push(current);
  return groups;
}
