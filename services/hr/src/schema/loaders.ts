import DataLoader from 'dataloader';
import type { OrgUnitSnapshot } from '@performa/platform';
import type { EmployeeRecord } from '../store/models';
import type { HrContext } from './deps';

interface Loaders {
  orgUnit: DataLoader<string, OrgUnitSnapshot | null>;
  employee: DataLoader<string, EmployeeRecord | null>;
}

const perRequest = new WeakMap<HrContext, Loaders>();

/**
 * Per-request loaders: every org unit or employee asked for while resolving one request (a list's
 * parents, federation's entity references) is fetched in one query, and each at most once.
 */
export function loaders(ctx: HrContext): Loaders {
  let found = perRequest.get(ctx);
  if (!found) {
    found = {
      orgUnit: new DataLoader((ids) => ctx.deps.orgUnits.directory.getMany(ids)),
      employee: new DataLoader((ids) => ctx.deps.employees.getMany(ids)),
    };
    perRequest.set(ctx, found);
  }
  return found;
}
