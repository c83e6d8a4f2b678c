import { BadUserInputError } from './errors';

/** Relay cursors here are opaque offsets into a stable sort. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw new BadUserInputError('after is not a cursor this API gave out.', { field: 'after' });
  return Number(match[1]) + 1;
}

export function pageSize(first: number | undefined | null, fallback = 50, max = 500): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > max) throw new BadUserInputError(`first must be between 0 and ${max}.`, { field: 'first' });
  return first;
}
