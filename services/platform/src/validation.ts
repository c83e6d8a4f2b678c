import { BadUserInputError } from './errors';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Ids are opaque to clients but have one shape here; anything else is refused before a query. */
export function assertId(value: string, field: string): string {
  if (!ID.test(value)) throw new BadUserInputError(`${field} is not a valid id.`, { field });
  return value;
}

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is refused). */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function assertDate(value: string, field: string): string {
  if (!isDate(value)) throw new BadUserInputError(`${field} must be a date "YYYY-MM-DD", not "${value}".`, { field });
  return value;
}

export function assertText(value: string, field: string, max = 200): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new BadUserInputError(`${field} must not be empty.`, { field });
  if (trimmed.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters.`, { field });
  return trimmed;
}
