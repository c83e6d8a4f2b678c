import { MONTHS } from './money';

/** Per account code, an amount in öre. */
export type AccountAmounts = Record<string, number>;

export interface TreeUnit {
  id: string;
  parentId: string | null;
}

/**
 * Rolls amounts up the org tree: each unit gets its own amounts plus everything below it. One pass
 * from the leaves up, so the whole municipality costs one walk of its ~400 units.
 */
export function rollUp(units: readonly TreeUnit[], own: ReadonlyMap<string, AccountAmounts>): Map<string, AccountAmounts> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const result = new Map<string, AccountAmounts>();
  const visit = (id: string, depth: number): AccountAmounts => {
    const cached = result.get(id);
    if (cached) return cached;
    if (depth > 64) throw new Error(`the org tree is deeper than 64 levels at ${id}: a cycle?`);
    const total: AccountAmounts = { ...(own.get(id) ?? {}) };
    for (const child of children.get(id) ?? []) add(total, visit(child, depth + 1));
    result.set(id, total);
    return total;
  };
  for (const u of units) visit(u.id, 0);
  return result;
}

export function add(into: AccountAmounts, amounts: AccountAmounts): AccountAmounts {
  for (const [code, ore] of Object.entries(amounts)) into[code] = (into[code] ?? 0) + ore;
  return into;
}

export function sameAmounts(a: AccountAmounts | undefined, b: AccountAmounts | undefined): boolean {
  const x = a ?? {};
  const y = b ?? {};
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if ((x[k] ?? 0) !== (y[k] ?? 0)) return false;
  return true;
}

/** A budget line: an account and its twelve monthly amounts in öre. */
export interface MonthlyLine {
  accountCode: string;
  monthly: readonly number[];
}

/** Per month, per account: what replacing `before` with `after` adds (in öre, negative where it takes away). */
export function budgetChange(before: readonly MonthlyLine[], after: readonly MonthlyLine[]): AccountAmounts[] {
  return MONTHS.map((_, i) => {
    const change: AccountAmounts = {};
    for (const line of after) change[line.accountCode] = (change[line.accountCode] ?? 0) + (line.monthly[i] ?? 0);
    for (const line of before) change[line.accountCode] = (change[line.accountCode] ?? 0) - (line.monthly[i] ?? 0);
    return change;
  });
}
