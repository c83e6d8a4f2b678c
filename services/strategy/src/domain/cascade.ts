/** The facts the cascade rules need about a goal, with no I/O. */
export interface GoalFacts {
  id: string;
  termId: string;
  ownerId: string;
  archived: boolean;
  parentId: string | null;
}

/** The owner unit's path: its ancestors from the root down, then the unit itself. */
export type UnitPath = readonly string[];

/**
 * Why `parent` may not be the parent of a goal of `termId` owned by the unit at `ownerPath`, or
 * undefined. A parent belongs to the same term and is owned by the same unit or one of its
 * ancestors (goals cascade down the organisation, never sideways or up), and is not archived.
 */
export function parentProblem(parent: GoalFacts, termId: string, ownerPath: UnitPath): string | undefined {
  if (parent.archived) return 'the parent goal is archived';
  if (parent.termId !== termId) return 'the parent goal belongs to another term of office';
  if (!ownerPath.includes(parent.ownerId)) return "the parent goal must be owned by the same unit or one of its ancestors, not by a sibling or a unit below";
  return undefined;
}

/**
 * Re-parenting `goalId` under `newParentId` creates a cycle when the new parent is the goal itself
 * or one of its descendants. `parentOf` walks up from any goal.
 */
export function createsGoalCycle(goalId: string, newParentId: string, parentOf: (id: string) => string | null | undefined): boolean {
  const seen = new Set<string>();
  for (let current: string | null | undefined = newParentId; current; current = parentOf(current)) {
    if (current === goalId) return true;
    if (seen.has(current)) return true; // a cycle already in the data: refuse rather than loop
    seen.add(current);
  }
  return false;
}

/** Archiving is refused while a goal has children that are not archived. */
export function archiveProblem(liveChildren: number): string | undefined {
  return liveChildren > 0 ? `it still has ${liveChildren} live sub-goal${liveChildren === 1 ? '' : 's'}; archive or re-parent them first` : undefined;
}

/** Terms of office are four years from the year after a general election (2022, 2026, …). */
export function termProblem(startYear: number): string | undefined {
  if (!Number.isInteger(startYear) || startYear < 1990 || startYear > 2200) return 'startYear must be a year between 1990 and 2200';
  if ((startYear - 2023) % 4 !== 0) return `a term starts the year after an election (…, 2019, 2023, 2027, …), not ${startYear}`;
  return undefined;
}

/** An activity is carried out by the goal's owner or a unit below it. */
export function activityOwnerProblem(goalOwnerId: string, activityOwnerPath: UnitPath): string | undefined {
  return activityOwnerPath.includes(goalOwnerId) ? undefined : "an activity's owner must be the goal's owner or a unit below it";
}

/** The line of sight: goals ordered from the municipality down to the unit, by owner depth. */
export function lineOfSight<G extends { ownerId: string }>(goals: readonly G[], unitPath: UnitPath): G[] {
  const depth = new Map(unitPath.map((id, i) => [id, i]));
  return goals.filter((g) => depth.has(g.ownerId)).sort((a, b) => (depth.get(a.ownerId) ?? 0) - (depth.get(b.ownerId) ?? 0));
}
