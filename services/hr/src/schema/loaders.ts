import DataLoader from 'dataloader';
import { perRequest, type OrgUnitSnapshot } from '@performa/platform';
import type { EmployeeRecord } from '../store/models';
import type { HrContext } from './deps';

/**
 * Per-request loaders: every org unit or employee asked for while resolving one request (a list's
 * parents, federation's entity references) is fetched in one query, and each at most once.
 */
export const loaders = perRequest((ctx: HrContext) => ({
  orgUnit: new DataLoader<string, OrgUnitSnapshot | null>((ids) => ctx.deps.orgUnits.directory.getMany(ids)),
  employee: new DataLoader<string, EmployeeRecord | null>((ids) => ctx.deps.employees.getMany(ids)),
}));
