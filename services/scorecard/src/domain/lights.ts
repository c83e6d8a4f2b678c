export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
export type Light = 'GREEN' | 'YELLOW' | 'RED' | 'NO_DATA';
export type Comparison = 'BETTER' | 'UNCHANGED' | 'WORSE';
export type GoalStatus = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NOT_MEASURED';

export interface Thresholds {
  direction: Direction;
  target: number;
  /** where YELLOW turns RED; without one, anything short of the target is RED */
  warningThreshold: number | null;
}

/**
 * The traffic light of a value: HIGHER_IS_BETTER: ≥ target GREEN, ≥ warning YELLOW, else RED;
 * LOWER_IS_BETTER mirrored; no value NO_DATA.
 */
export function lightOf(value: number | null | undefined, t: Thresholds): Light {
  if (value === null || value === undefined || Number.isNaN(value)) return 'NO_DATA';
  const better = (a: number, b: number) => (t.direction === 'HIGHER_IS_BETTER' ? a >= b : a <= b);
  if (better(value, t.target)) return 'GREEN';
  if (t.warningThreshold !== null && better(value, t.warningThreshold)) return 'YELLOW';
  return 'RED';
}

/** Why thresholds contradict their direction (a warning level beyond the target), or undefined. */
export function thresholdProblem(t: Thresholds): string | undefined {
  if (!Number.isFinite(t.target)) return 'target must be a number';
  if (t.warningThreshold === null) return undefined;
  if (t.direction === 'HIGHER_IS_BETTER' && t.warningThreshold > t.target) return `when higher is better the warning threshold (${t.warningThreshold}) must not be above the target (${t.target})`;
  if (t.direction === 'LOWER_IS_BETTER' && t.warningThreshold < t.target) return `when lower is better the warning threshold (${t.warningThreshold}) must not be below the target (${t.target})`;
  return undefined;
}

/** value − the previous month's value; null without both. */
export function trendOf(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  return Math.round((value - previous) * 1e6) / 1e6;
}

/** The same month last year, judged by direction. */
export function compareWithLastYear(value: number, lastYear: number | null, direction: Direction): Comparison | null {
  if (lastYear === null) return null;
  if (value === lastYear) return 'UNCHANGED';
  return value > lastYear === (direction === 'HIGHER_IS_BETTER') ? 'BETTER' : 'WORSE';
}

/**
 * A goal's fulfilment from its indicators' lights: ON_TRACK when all are green, OFF_TRACK when any
 * is red, AT_RISK when any is yellow and none red, NOT_MEASURED otherwise (none, or gaps).
 */
export function goalFulfilment(lights: readonly Light[]): GoalStatus {
  if (lights.length === 0) return 'NOT_MEASURED';
  if (lights.includes('RED')) return 'OFF_TRACK';
  if (lights.includes('YELLOW')) return 'AT_RISK';
  if (lights.every((l) => l === 'GREEN')) return 'ON_TRACK';
  return 'NOT_MEASURED';
}
