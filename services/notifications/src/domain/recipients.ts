export type Light = 'GREEN' | 'YELLOW' | 'RED' | 'NO_DATA';

export interface UnitManagers {
  managerId: string | null;
}

/** Who hears that an indicator turned YELLOW or RED: the owner unit's manager and the parent unit's, once each. */
export function lightRecipients(unit: UnitManagers, parent: UnitManagers | null): string[] {
  return unique([unit.managerId, parent?.managerId ?? null]);
}

/**
 * Whether a light change is worth telling anyone: it turned YELLOW or RED, and it is about the
 * indicator's latest month (a correction of an old month is history, not news).
 */
export function lightIsNews(change: { previousLight: Light; light: Light; month: string }, latestMonth: string | null): boolean {
  if (change.light !== 'YELLOW' && change.light !== 'RED') return false;
  if (change.previousLight === change.light) return false;
  return latestMonth === null || change.month >= latestMonth;
}

/**
 * Who signs after the employee: the unit's manager, or, when the employee manages the unit
 * themselves, the parent unit's manager. Null when there is no one to tell.
 */
export function nextSigner(employeeId: string, unit: UnitManagers, parent: UnitManagers | null): string | null {
  const manager = unit.managerId === employeeId ? (parent?.managerId ?? null) : unit.managerId;
  return manager === employeeId ? null : manager;
}

function unique(ids: Array<string | null>): string[] {
  return [...new Set(ids.filter((id): id is string => !!id))];
}
