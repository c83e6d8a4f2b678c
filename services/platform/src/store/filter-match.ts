import { Types } from 'mongoose';

/**
 * Decides in code whether a document matches a MongoDB filter, for the filters this project writes:
 * equality, `$eq $ne $lt $lte $gt $gte $in $nin $exists`, `$and`, `$or` and dotted paths through
 * sub-documents. Returns `undefined` for anything else (another operator, a path through an array,
 * a sub-document compared whole), so a caller can fall back to the server, which knows them all.
 */
export function matchesFilter(doc: Record<string, unknown>, filter: Record<string, unknown>): boolean | undefined {
  let result: boolean | undefined = true;
  for (const [key, condition] of Object.entries(filter)) {
    let verdict: boolean | undefined;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) return undefined;
      const parts = condition.map((sub) => (isPlainObject(sub) ? matchesFilter(doc, sub) : undefined));
      if (parts.includes(undefined)) return undefined;
      verdict = key === '$and' ? parts.every(Boolean) : parts.some(Boolean);
    } else if (key.startsWith('$')) {
      return undefined;
    } else {
      const value = valueAt(doc, key);
      if (value === UNSUPPORTED) return undefined;
      verdict = matchesCondition(value, condition);
    }
    if (verdict === undefined) return undefined;
    if (!verdict) result = false;
  }
  return result;
}

const UNSUPPORTED = Symbol('unsupported');

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === undefined || value === null) return undefined;
    // a path through an array matches any element in MongoDB; not needed here
    if (Array.isArray(value) || !isPlainObject(value)) return UNSUPPORTED;
    value = value[part];
  }
  return value;
}

function matchesCondition(value: unknown, condition: unknown): boolean | undefined {
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) return equals(value, condition);
  let result: boolean | undefined = true;
  for (const [operator, operand] of Object.entries(condition)) {
    const verdict = applyOperator(operator, value, operand);
    if (verdict === undefined) return undefined;
    if (!verdict) result = false;
  }
  return result;
}

function applyOperator(operator: string, value: unknown, operand: unknown): boolean | undefined {
  switch (operator) {
    case '$eq':
      return equals(value, operand);
    case '$ne': {
      const same = equals(value, operand);
      return same === undefined ? undefined : !same;
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) return undefined;
      const each = operand.map((o) => equals(value, o));
      if (each.includes(undefined)) return undefined;
      return operator === '$in' ? each.some(Boolean) : !each.some(Boolean);
    }
    case '$exists':
      return (value !== undefined) === Boolean(operand);
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      if (Array.isArray(value)) return undefined;
      const order = compare(value, operand);
      // MongoDB compares only values of one type: null < 5 is not true, it does not match
      if (order === null) return false;
      return operator === '$lt' ? order < 0 : operator === '$lte' ? order <= 0 : operator === '$gt' ? order > 0 : order >= 0;
    }
    default:
      return undefined;
  }
}

/** MongoDB equality: null matches a missing field; an array matches when it holds the value. */
function equals(value: unknown, operand: unknown): boolean | undefined {
  if (operand === null) return value === null || value === undefined;
  if (Array.isArray(value)) {
    if (Array.isArray(operand)) return undefined;
    const each = value.map((v) => scalarEquals(v, operand));
    return each.includes(undefined) ? undefined : each.some(Boolean);
  }
  return scalarEquals(value, operand);
}

function scalarEquals(value: unknown, operand: unknown): boolean | undefined {
  if (operand instanceof Date) return value instanceof Date && value.getTime() === operand.getTime();
  if (operand instanceof Types.ObjectId) return value instanceof Types.ObjectId && value.equals(operand);
  if (typeof operand === 'string' || typeof operand === 'number' || typeof operand === 'boolean') return value === operand;
  return undefined;
}

function compare(value: unknown, operand: unknown): number | null {
  if (typeof value === 'number' && typeof operand === 'number') return value - operand;
  if (typeof value === 'string' && typeof operand === 'string') return value < operand ? -1 : value > operand ? 1 : 0;
  if (value instanceof Date && operand instanceof Date) return value.getTime() - operand.getTime();
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
