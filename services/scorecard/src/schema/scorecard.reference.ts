import { loaders, toIndicator, type ScorecardContext } from './deps';

export const scorecardReferenceResolvers = {
  Indicator: {
    __resolveReference: async (ref: { id: string }, ctx: ScorecardContext) => {
      const found = await loaders(ctx).indicator.load(ref.id);
      return found ? toIndicator(found) : null;
    },
  },
  OrgUnit: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
  Goal: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
};
