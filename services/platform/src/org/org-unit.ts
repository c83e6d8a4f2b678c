export const ORG_UNIT_KINDS = ['MUNICIPALITY', 'BOARD', 'CORPORATION', 'DEPARTMENT', 'UNIT'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** An org unit as every service sees it: hr's record, or another service's projection of it. */
export interface OrgUnitSnapshot {
  id: string;
  code: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  /** ids from the root down to the parent */
  ancestors: string[];
  managerId: string | null;
  /** the date it closed, if it has */
  closedOn: string | null;
  /** bumped by every change in hr: projections apply a snapshot only if it is newer */
  version: number;
}

/** Events on hr.orgunit.v1; each carries the unit's whole snapshot. */
export const ORG_UNIT_TOPIC = 'hr.orgunit.v1';
export const ORG_UNIT_EVENTS = ['hr.OrgUnitCreated', 'hr.OrgUnitRenamed', 'hr.OrgUnitMoved', 'hr.OrgUnitManagerSet', 'hr.OrgUnitClosed'] as const;
