/** hr's org units need only their id here; finance adds its field to them. */
export const financeReferenceResolvers = {
  OrgUnit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  },
};
