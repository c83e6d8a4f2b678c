import type { OrgUnitKind } from '@performa/platform';

/** Which kinds may sit under which: the municipality at the root, boards and corporations below it. */
const allowedParents: Record<OrgUnitKind, OrgUnitKind[]> = {
  MUNICIPALITY: [],
  BOARD: ['MUNICIPALITY'],
  CORPORATION: ['MUNICIPALITY'],
  DEPARTMENT: ['BOARD', 'CORPORATION', 'DEPARTMENT'],
  UNIT: ['BOARD', 'CORPORATION', 'DEPARTMENT'],
};

/** Why a unit of `kind` may not sit under a parent of `parentKind` (null: no parent), or undefined. */
export function placementProblem(kind: OrgUnitKind, parentKind: OrgUnitKind | null): string | undefined {
  if (kind === 'MUNICIPALITY') return parentKind === null ? undefined : 'a municipality is the root and has no parent';
  if (parentKind === null) return `a ${kind.toLowerCase()} needs a parent`;
  if (!allowedParents[kind].includes(parentKind)) {
    return `a ${kind.toLowerCase()} can't sit under a ${parentKind.toLowerCase()} (allowed: ${allowedParents[kind].map((k) => k.toLowerCase()).join(', ')})`;
  }
  return undefined;
}

/**
 * Moving `unitId` under `newParentPath` (the new parent's ancestors followed by the new parent)
 * creates a cycle exactly when the unit is on that path: it would become its own ancestor.
 */
export function createsCycle(unitId: string, newParentPath: readonly string[]): boolean {
  return newParentPath.includes(unitId);
}
