import { ForbiddenError, requireUser } from '@performa/platform';
import { canReadEmployee } from './access';
import type { HrContext } from './deps';
import { toEmployee } from './employee.resolver';
import { loaders } from './loaders';

/**
 * How other subgraphs' references to hr's entities resolve. Through the per-request loaders, all
 * references in one `_entities` call are fetched with one query, not one per entity.
 */
export const hrReferenceResolvers = {
  Goal: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  },
  OrgUnit: {
    __resolveReference: (ref: { id: string }, ctx: HrContext) => loaders(ctx).orgUnit.load(ref.id),
  },
  Employee: {
    __resolveReference: async (ref: { id: string }, ctx: HrContext) => {
      const employee = await loaders(ctx).employee.load(ref.id);
      if (!employee) return null;
      const unit = await loaders(ctx).orgUnit.load(employee.unitId);
      if (!canReadEmployee(requireUser(ctx), employee._id, unit)) throw new ForbiddenError("You may not read this employee's personal data.");
      return toEmployee(employee);
    },
  },
};
