import { describe, expect, it } from 'vitest';
import { planCommitGroups } from '../../../src/plan/planCommitGroups.js';

const apps = (...rows: number[]) => rows.map((n, i) => ({ supportId: `3000000${String(i).padStart(2, '0')}`, rows: n }));

describe('planCommitGroups', () => {
  it('never splits an application, and keeps the given order', () => {
    const groups = planCommitGroups(apps(3, 3, 3, 3), { maxRows: 7, maxApplications: 10 });
    expect(groups.map((g) => g.rows)).toEqual([6, 6]);
    expect(groups.flatMap((g) => g.supportIds)).toEqual(apps(3, 3, 3, 3).map((a) => a.supportId));
  });

  it('gives an application larger than the row limit a group of its own', () => {
    const groups = planCommitGroups(apps(2, 50, 2), { maxRows: 10, maxApplications: 10 });
    expect(groups.map((g) => g.rows)).toEqual([2, 50, 2]);
  });

  it('closes a group at the application limit', () => {
    const groups = planCommitGroups(apps(1, 1, 1, 1, 1), { maxRows: 100, maxApplications: 2 });
    expect(groups.map((g) => g.supportIds.length)).toEqual([2, 2, 1]);
  });

  it('plans nothing for nothing', () => {
    expect(planCommitGroups([], { maxRows: 10, maxApplications: 10 })).toEqual([]);
  });
});
